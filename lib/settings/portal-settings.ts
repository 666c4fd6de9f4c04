import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import {
  getPortalSettings,
  type PortalSettings,
  updatePortalSettings,
} from "@/db/queries/settings";
import { type Actor, type Outcome, done, failed } from "@/lib/outcome";

/** Portal settings: signup fields, password rule, key approval (R-PORTAL-SIGNUP, R-KEYREQ-MODES), sender. */
export async function savePortalSettings(
  db: Db,
  orgId: string,
  actor: Actor,
  input: PortalSettings,
): Promise<Outcome<PortalSettings>> {
  const saved = await db.transaction(async (tx) => {
    const before = await getPortalSettings(tx, orgId);
    if (!before) return null;
    const after = await updatePortalSettings(tx, orgId, input);
    if (!after) return null;
    const changed = (Object.keys(after) as Array<keyof PortalSettings>).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    await insertAudit(tx, orgId, {
      ...actor,
      action: "settings.updated",
      targetType: "organisation",
      targetId: orgId,
      data: { changed, keyRequestMode: after.keyRequestMode },
    });
    return after;
  });
  if (!saved) return failed("not_found", "This organisation no longer exists.");
  return done(saved, "Portal settings saved.");
}

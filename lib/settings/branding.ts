import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { deleteLogo, putLogo, setAccentColor } from "@/db/queries/branding";
import { type Actor, type Outcome, done, failed } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import type { BrandingInput } from "@/lib/validation/branding";

/** Settings → Branding (R-PORTAL-HOME): the portal's accent colour and logo, with an audit row. */
export function saveBranding(
  db: Db,
  orgId: string,
  actor: Actor,
  input: BrandingInput,
): Promise<Outcome<null>> {
  return transact(db, async (tx) => {
    if (!(await setAccentColor(tx, orgId, input.accentColor)))
      return failed("not_found", "This organisation no longer exists.");
    if (input.logo.change === "set")
      await putLogo(tx, orgId, input.logo.mimeType, input.logo.base64);
    if (input.logo.change === "remove") await deleteLogo(tx, orgId);
    await insertAudit(tx, orgId, {
      ...actor,
      action: "settings.branding_updated",
      targetType: "organisation",
      targetId: orgId,
      data: { accentColor: input.accentColor, logo: input.logo.change },
    });
    return done(null, "Branding saved.");
  });
}

import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { setKeyAllowedIps } from "@/db/queries/keys";
import { type Actor, type Outcome, done, failed } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { keysChanged } from "./invalidate";

/**
 * R-KEY-IP-ALLOW: the addresses and ranges a key may be used from (empty: anywhere), set by an
 * admin or by the key's developer (`developerId`: someone else's key is "not found"). The
 * gateway drops its cached copy at once.
 */
export function setKeyIpRules(
  db: Db,
  orgId: string,
  keyId: string,
  rules: string[],
  actor: Actor,
  { developerId }: { developerId?: string } = {},
): Promise<Outcome<{ allowedIps: string[] }>> {
  return transact(db, async (tx, after) => {
    if (!(await setKeyAllowedIps(tx, orgId, keyId, rules, developerId)))
      return failed("not_found", "Key not found or revoked.");
    await insertAudit(tx, orgId, {
      ...actor,
      action: "key.ip_rules_changed",
      targetType: "key",
      targetId: keyId,
      data: { allowedIps: rules },
    });
    after.then(() => keysChanged(orgId, [keyId]));
    return done(
      { allowedIps: rules },
      rules.length
        ? `The key now works only from ${rules.length === 1 ? rules[0] : `${rules.length} addresses or ranges`}.`
        : "The key works from any address.",
    );
  });
}

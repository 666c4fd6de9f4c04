import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { getKeyView, rollKeyRow } from "@/db/queries/keys";
import { type Actor, done, failed, type Outcome } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { generateKey } from "./format";
import { MAX_GRACE_SECONDS } from "./grace";
import { keysChanged } from "./invalidate";

export { MAX_GRACE_SECONDS } from "./grace";

export type RolledKey = {
  /** The new plaintext key: shown once, never stored. */
  key: string;
  keyId: string;
  developerId: string;
  start: string;
  previousStart: string | null;
  /** Until when the old value is still accepted; null when the roll had no grace period. */
  previousValidUntil: Date | null;
};

/**
 * Rolls a key (R-KEY-ROTATE): the SAME key row — id, policies, expiry, quota counters, usage
 * series — gets a new value; the old value stays valid for `graceSeconds` (0: refused at once).
 * Rolling again during a grace period replaces the earlier old value: one old value at a time.
 * `developerId` limits the roll to that developer's keys (the portal: own keys only).
 * The key's row, its audit entry and the key.rolled event commit together; the gateways drop the
 * cached decisions of both values after the commit.
 */
export function rollKey(
  db: Db,
  orgId: string,
  keyId: string,
  opts: { graceSeconds: number; developerId?: string },
  actor: Actor,
): Promise<Outcome<RolledKey>> {
  const { graceSeconds } = opts;
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS)
    return Promise.resolve(
      failed("invalid", "The grace period must be between 0 seconds and 7 days.", {
        graceSeconds: ["Choose a grace period between none and 7 days."],
      }),
    );
  return transact(db, async (tx, after) => {
    const k = generateKey();
    const previousEndsAt = graceSeconds > 0 ? new Date(Date.now() + graceSeconds * 1000) : null;
    const row = await rollKeyRow(tx, orgId, keyId, {
      hash: k.hash,
      start: k.start,
      previousEndsAt,
      developerId: opts.developerId,
    });
    if (!row) {
      const existing = await getKeyView(tx, orgId, keyId);
      // Another organisation's key, another developer's key, or an OAuth client's credential
      // row are all "not found" to this caller.
      if (
        !existing ||
        existing.kind !== "key" ||
        (opts.developerId && existing.developerId !== opts.developerId)
      )
        return failed("not_found", "Key not found.");
      return failed("conflict", "This key is revoked: a revoked key cannot be rolled.");
    }
    const previousValidUntil = row.previousHashEndsAt;
    await insertAudit(tx, orgId, {
      ...actor,
      action: "key.rolled",
      targetType: "key",
      targetId: keyId,
      data: {
        developerId: row.developerId,
        graceSeconds,
        previousValidUntil: previousValidUntil?.toISOString() ?? null,
      },
    });
    await after.event(orgId, "key.rolled", {
      key_id: keyId,
      developer_id: row.developerId,
      key_start: k.start,
      previous_key_start: row.previousStart,
      previous_key_valid_until: previousValidUntil?.toISOString() ?? null,
    });
    after.then(() => keysChanged(orgId, [keyId]));
    return done(
      {
        key: k.key,
        keyId,
        developerId: row.developerId,
        start: k.start,
        previousStart: row.previousStart,
        previousValidUntil,
      },
      previousValidUntil
        ? `Key rolled. The old key works until ${previousValidUntil.toISOString().slice(0, 16).replace("T", " ")} UTC.`
        : "Key rolled. The old key no longer works.",
    );
  });
}

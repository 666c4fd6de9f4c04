import type { Db } from "@/db";
import { getDeveloper } from "@/db/queries/developers";
import { getOrganisation } from "@/db/queries/organisations";
import { claimQuotaAlert, developersWithQuotaActivity } from "@/db/queries/quota-alerts";
import { sendEmail } from "@/lib/email/send";
import { loadKeyCards, type QuotaReader } from "@/lib/portal/key-cards";
import { done, type Outcome } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { portalUrlOf } from "@/lib/developers/security-alert";

/** How far back a process's first sweep looks for moved counters. */
const LOOKBACK_MS = 10 * 60_000;
/** Later sweeps look back to the previous one, with this overlap (claims make repeats harmless). */
const OVERLAP_MS = 60_000;
/** A process sweeps at most this often (the delivery cycle runs every 10 s). */
const MIN_INTERVAL_MS = 60_000;
const state = globalThis as unknown as { gatehouseQuotaSweepAt?: number };

/** The thresholds (percent) a quota's use has reached, lowest first. */
export function reachedThresholds(used: number, max: number, thresholds: number[]): number[] {
  if (max <= 0) return [];
  const pct = (used / max) * 100;
  return [...new Set(thresholds)].filter((t) => pct >= t).sort((a, b) => a - b);
}

/**
 * R-QUOTA-ALERTS: tells developers when a quota period reaches its organisation's thresholds
 * (default 80 % and 100 %): one `quota.threshold` webhook event per threshold per period, and
 * one email per period step — the highest threshold newly reached (so a jump from 50 % to 100 %
 * sends one email, not two). Runs with the delivery cycle (in-process scheduler and
 * /api/cron/deliver), off the gateway's path. Returns how many thresholds were newly reached.
 */
export async function sweepQuotaAlerts(
  db: Db,
  now: Date,
  { orgId, readLive }: { orgId?: string; readLive?: QuotaReader } = {},
): Promise<number> {
  const last = state.gatehouseQuotaSweepAt;
  if (!orgId && last && now.getTime() - last < MIN_INTERVAL_MS) return 0;
  // One organisation's sweep (the cron's ?org, tests) always looks back the whole window.
  const since =
    !orgId && state.gatehouseQuotaSweepAt
      ? state.gatehouseQuotaSweepAt - OVERLAP_MS
      : now.getTime() - LOOKBACK_MS;
  const active = await developersWithQuotaActivity(db, new Date(since), now, orgId);
  if (!orgId) state.gatehouseQuotaSweepAt = now.getTime();
  let reached = 0;
  for (const { orgId: org, developerId } of active) {
    const r = await alertDeveloper(db, org, developerId, now, readLive);
    reached += r.ok ? r.value : 0;
  }
  return reached;
}

async function alertDeveloper(
  db: Db,
  orgId: string,
  developerId: string,
  now: Date,
  readLive?: QuotaReader,
): Promise<Outcome<number>> {
  const [org, developer, cards] = await Promise.all([
    getOrganisation(db, orgId),
    getDeveloper(db, orgId, developerId),
    loadKeyCards(db, orgId, developerId, readLive, now),
  ]);
  if (!org || !developer) return done(0, "Gone.");
  return transact(db, async (tx, after) => {
    let count = 0;
    for (const card of cards.filter((c) => c.status === "active")) {
      for (const q of card.quotas) {
        const crossed: number[] = [];
        for (const threshold of reachedThresholds(q.used, q.max, org.quotaAlertThresholds)) {
          const row = { orgId, keyId: card.id, scope: q.scope, renewsAt: q.renewsAt, threshold };
          if (await claimQuotaAlert(tx, row)) crossed.push(threshold);
        }
        for (const threshold of crossed)
          await after.event(orgId, "quota.threshold", {
            key_id: card.id,
            developer_id: developerId,
            policy: q.policyName,
            apis: q.apis,
            threshold,
            used: q.used,
            max: q.max,
            renews_at: q.renewsAt.toISOString(),
          });
        const top = crossed.at(-1);
        if (top !== undefined) {
          count += crossed.length;
          after.then(() =>
            sendEmail(db, org, developer.email, "quotaThreshold", {
              orgName: org.name,
              threshold: top,
              keyStart: card.start,
              apis: q.apis.join(", "),
              used: q.used,
              max: q.max,
              renewsAt: q.renewsAt.toISOString().slice(0, 16).replace("T", " ") + " UTC",
              portalUrl: `${portalUrlOf(org)}/dashboard`,
            }),
          );
        }
      }
    }
    return done(count, `${count} thresholds reached.`);
  });
}

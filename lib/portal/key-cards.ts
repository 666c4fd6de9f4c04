import type { Db } from "@/db";
import { listDeveloperKeys } from "@/db/queries/keys";
import { apiNames, loadPoliciesForLimits } from "@/db/queries/policy-limits";
import { listQuotaRows } from "@/db/queries/quota-read";
import { describeEffectiveLimits, type EffectiveLimitRow } from "@/lib/policies/describe";
import { effectiveLimits } from "@/lib/policies/effective";
import { type QuotaCounterState, type QuotaView, quotaView } from "@/lib/quotas/view";

export type KeyCard = {
  id: string;
  start: string;
  alias: string | null;
  status: "active" | "inactive" | "revoked";
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  policies: Array<{ policyId: string; policyName: string; catalogEntries: string[] }>;
  limits: EffectiveLimitRow[];
  quotas: QuotaView[];
  /** A roll's old value while its grace period runs (R-KEY-ROTATE). */
  previous: { start: string; until: Date } | null;
  /** R-KEY-IP-ALLOW: where the key may be used from; empty = anywhere. */
  allowedIps: string[];
};

/** Reads a key's live quota counter; the default reads what the gateway persisted. */
export type QuotaReader = (
  orgId: string,
  keyId: string,
  scope: string,
) => Promise<QuotaCounterState | undefined>;

/** A developer's keys with policies, effective limits and quota state (R-PORTAL-DASHBOARD). */
export async function loadKeyCards(
  db: Db,
  orgId: string,
  developerId: string,
  readLive?: QuotaReader,
  now = new Date(),
): Promise<KeyCard[]> {
  const keys = await listDeveloperKeys(db, orgId, developerId);
  const [policies, names, persisted] = await Promise.all([
    loadPoliciesForLimits(db, orgId, [
      ...new Set(keys.flatMap((k) => k.policies.map((p) => p.policyId))),
    ]),
    apiNames(db, orgId),
    listQuotaRows(
      db,
      orgId,
      keys.map((k) => k.id),
    ),
  ]);
  return Promise.all(
    keys.map(async (k) => {
      const mine = policies.filter((p) => k.policies.some((kp) => kp.policyId === p.id));
      const limits = effectiveLimits(mine);
      // One quota per owning policy, shared by the APIs it covers.
      const scopes = new Map<string, { max: number; renewalSeconds: number; apis: string[] }>();
      for (const l of limits.apis.values()) {
        if (!l.quota) continue;
        const s = scopes.get(l.quota.scope) ?? {
          max: l.quota.max,
          renewalSeconds: l.quota.renewalSeconds,
          apis: [],
        };
        s.apis.push(names.get(l.apiId) ?? l.apiId);
        scopes.set(l.quota.scope, s);
      }
      const quotas = await Promise.all(
        [...scopes].map(async ([scope, s]) => {
          const live = readLive ? await readLive(orgId, k.id, scope) : undefined;
          const row = persisted.find((r) => r.keyId === k.id && r.scope === scope);
          const counter =
            live !== undefined ? live : row ? { used: row.used, renewsAt: row.renewsAt } : null;
          return quotaView(
            {
              scope,
              policyName: mine.find((p) => p.id === scope)?.name ?? scope,
              apis: s.apis.sort(),
              max: s.max,
              renewalSeconds: s.renewalSeconds,
            },
            counter,
            now,
          );
        }),
      );
      return {
        id: k.id,
        start: k.start,
        alias: k.alias,
        status: k.status,
        createdAt: k.createdAt,
        expiresAt: k.expiresAt,
        lastUsedAt: k.lastUsedAt,
        policies: k.policies,
        limits: describeEffectiveLimits(mine, names),
        quotas,
        previous:
          k.previousStart && k.previousHashEndsAt && k.previousHashEndsAt > now
            ? { start: k.previousStart, until: k.previousHashEndsAt }
            : null,
        allowedIps: k.allowedIps,
      };
    }),
  );
}

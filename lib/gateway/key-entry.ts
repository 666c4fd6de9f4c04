import type { EffectiveLimits } from "@/lib/policies/effective";
import { compileIpRules } from "@/lib/keys/ip-match";
import type { OrgPolicies } from "./org-policies";
import type { LoadedKey } from "./store";

/** What the gateway keeps in memory per key: everything a decision needs, no database access. */
export type KeyEntry = {
  keyId: string;
  orgId: string;
  developerId: string;
  status: "active" | "inactive" | "revoked";
  developerStatus: "active" | "inactive";
  /** R-ORG-CREATE: the organisation is suspended (every decision refused with org_suspended). */
  orgSuspended: boolean;
  /** R-KEY-IP-ALLOW: whether a client address may use the key; null = any address. */
  ipAllowed: ((ip: string | null) => boolean) | null;
  /** Epoch ms; null = never expires. */
  expiresAt: number | null;
  /** The same as a Date, made once per entry for the decisions (not once per call). */
  expiresAtDate: Date | null;
  /** The key's policies, sorted. */
  policyIds: string[];
  /** The organisation's policies the limits (and expiry) were taken from. */
  policies: OrgPolicies;
  /** Shared by every key with the same policies (OrgPolicies.limitsFor): never changed. */
  limits: EffectiveLimits;
  /** The key's own expires_at and created_at (epoch ms), for the expiry when the policies change. */
  ownExpiresAt: number | null;
  createdAt: number;
  /** quota_usage rows as loaded: the starting point of counters this instance has not seen yet. */
  quotaSeeds: ReadonlyMap<string, { used: number; renewsAt: number }>;
  /**
   * Epoch ms until which this entry's hash — the key's previous value after a roll — is accepted;
   * null for the key's current value. The cache keeps such an entry no longer than this.
   */
  graceEndsAt: number | null;
};

/** A key without quota rows yet (a new key) shares this one: no Map per key. */
const NO_SEEDS: ReadonlyMap<string, { used: number; renewsAt: number }> = new Map();

/** The entry of a loaded key, its limits (and expiry) taken from the organisation's policies. */
export function toKeyEntry(orgId: string, loaded: LoadedKey, policies: OrgPolicies): KeyEntry {
  const { key } = loaded;
  const entry: KeyEntry = {
    keyId: key.id,
    orgId,
    developerId: key.developerId,
    status: key.status,
    developerStatus: key.developerStatus,
    orgSuspended: key.orgSuspended === true,
    ipAllowed: compileIpRules(key.allowedIps ?? []),
    expiresAt: null,
    expiresAtDate: null,
    policyIds: loaded.policyIds,
    policies,
    limits: policies.limitsFor(loaded.policyIds),
    ownExpiresAt: key.expiresAt?.getTime() ?? null,
    createdAt: key.createdAt.getTime(),
    graceEndsAt: key.graceEndsAt?.getTime() ?? null,
    quotaSeeds: loaded.quotas.length
      ? new Map(
          loaded.quotas.map((q) => [q.scope, { used: q.used, renewsAt: q.renewsAt.getTime() }]),
        )
      : NO_SEEDS,
  };
  setExpiry(entry);
  return entry;
}

/**
 * Takes the entry's limits from the organisation's policies as cached now (reloaded since the
 * entry was made), and with them its expiry.
 */
export function applyPolicies(entry: KeyEntry, policies: OrgPolicies): void {
  entry.policies = policies;
  entry.limits = policies.limitsFor(entry.policyIds);
  setExpiry(entry);
}

/**
 * Expiry: the key's own expires_at; without one, created_at + the policies' key expiry (the
 * latest, or never, as effectiveLimits decides).
 */
function setExpiry(entry: KeyEntry): void {
  const seconds = entry.limits.keyExpiresInSeconds;
  const expiresAt = entry.ownExpiresAt ?? (seconds ? entry.createdAt + seconds * 1000 : null);
  if (expiresAt === entry.expiresAt && (expiresAt === null) === (entry.expiresAtDate === null))
    return;
  entry.expiresAt = expiresAt;
  entry.expiresAtDate = expiresAt === null ? null : new Date(expiresAt);
}

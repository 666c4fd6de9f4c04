import { type EffectiveLimits, effectiveLimits } from "@/lib/policies/effective";
import { compileIpRules } from "@/lib/keys/ip-match";
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
  limits: EffectiveLimits;
  /** quota_usage rows as loaded: the starting point of counters this instance has not seen yet. */
  quotaSeeds: Map<string, { used: number; renewsAt: number }>;
  /**
   * Epoch ms until which this entry's hash — the key's previous value after a roll — is accepted;
   * null for the key's current value. The cache keeps such an entry no longer than this.
   */
  graceEndsAt: number | null;
};

/**
 * Expiry: the key's own expires_at; without one, created_at + the policies' key expiry (the
 * latest, or never, as effectiveLimits decides).
 */
export function toKeyEntry(orgId: string, loaded: LoadedKey): KeyEntry {
  const { key } = loaded;
  const limits = effectiveLimits(loaded.policies);
  const expiresAt =
    key.expiresAt?.getTime() ??
    (limits.keyExpiresInSeconds
      ? key.createdAt.getTime() + limits.keyExpiresInSeconds * 1000
      : null);
  return {
    keyId: key.id,
    orgId,
    developerId: key.developerId,
    status: key.status,
    developerStatus: key.developerStatus,
    orgSuspended: key.orgSuspended === true,
    ipAllowed: compileIpRules(key.allowedIps ?? []),
    expiresAt,
    expiresAtDate: expiresAt === null ? null : new Date(expiresAt),
    limits,
    graceEndsAt: key.graceEndsAt?.getTime() ?? null,
    quotaSeeds: new Map(
      loaded.quotas.map((q) => [q.scope, { used: q.used, renewsAt: q.renewsAt.getTime() }]),
    ),
  };
}

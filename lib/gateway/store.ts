import type { Db } from "@/db";
import {
  findApiTokenByHash,
  findKeysForUsage,
  type GatewayKeyLoad,
  listGatewayApis,
  loadGatewayKeys,
  touchApiTokens,
} from "@/db/queries/gateway";
import { loadPoliciesForLimits } from "@/db/queries/policy-limits";
import type { PolicyForLimits } from "@/lib/policies/effective";
import {
  addQuotaUsage,
  addUsageHourly,
  claimUsageBatch,
  touchKeysLastUsed,
  type UsageRow,
} from "@/db/queries/usage-write";
import { KeyLoadBatcher } from "./key-batch";
import type { GatewayApi } from "./types";
import type { FlushBatch } from "./usage-buffer";

export type LoadedKey = GatewayKeyLoad;

/** What the gateway needs from the database; an interface so tests can make it slow or fail. */
export interface GatewayStore {
  findGatewayToken(
    hash: string,
  ): Promise<{ id: string; orgId: string; revokedAt: Date | null } | null>;
  loadKey(orgId: string, hash: string): Promise<LoadedKey | null>;
  listApis(orgId: string): Promise<GatewayApi[]>;
  /** Every policy of the organisation with its access rights (cached per organisation). */
  listPolicies(orgId: string): Promise<PolicyForLimits[]>;
  /** Writes one flush atomically, so a retry after a failure never counts twice. */
  writeFlush(batch: FlushBatch): Promise<void>;
  findKeysForUsage(
    orgId: string,
    which: { hashes: string[]; ids: string[] },
  ): Promise<Array<{ id: string; hash: string; previousHash?: string | null }>>;
  /** Applies a posted batch once per (organisation, batch id); false when it was applied before. */
  applyUsageBatch(
    orgId: string,
    batchId: string,
    records: number,
    rows: UsageRow[],
    lastUsed: FlushBatch["lastUsed"],
  ): Promise<boolean>;
}

export function dbGatewayStore(db: Db, keyLookupDb: Db = db): GatewayStore {
  // Cold keys arriving together are one query (lib/gateway/key-batch.ts).
  const keys = new KeyLoadBatcher((orgId, hashes) => loadGatewayKeys(keyLookupDb, orgId, hashes));
  return {
    findGatewayToken: (hash) => findApiTokenByHash(db, hash, "gateway"),
    loadKey: (orgId, hash) => keys.load(orgId, hash),
    listApis: (orgId) => listGatewayApis(db, orgId),
    listPolicies: (orgId) => loadPoliciesForLimits(db, orgId, "all"),
    async writeFlush(batch) {
      await db.transaction(async (tx) => {
        if (batch.usage.length) await addUsageHourly(tx, batch.usage);
        if (batch.lastUsed.length) await touchKeysLastUsed(tx, batch.lastUsed);
        if (batch.quota.length) await addQuotaUsage(tx, batch.quota);
        if (batch.tokens.length) await touchApiTokens(tx, batch.tokens);
      });
    },
    findKeysForUsage: (orgId, which) => findKeysForUsage(db, orgId, which),
    async applyUsageBatch(orgId, batchId, records, rows, lastUsed) {
      return db.transaction(async (tx) => {
        if (!(await claimUsageBatch(tx, orgId, batchId, records))) return false;
        if (rows.length) await addUsageHourly(tx, rows);
        if (lastUsed.length) await touchKeysLastUsed(tx, lastUsed);
        return true;
      });
    },
  };
}

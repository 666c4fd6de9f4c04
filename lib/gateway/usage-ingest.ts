import { z } from "zod";
import { hashKey } from "@/lib/keys/format";
import { singleLineText } from "@/lib/validation/text";
import type { Gateway } from "./gateway";
import { normalisePath } from "./request";
import { UsageBuffer } from "./usage-buffer";

const HOUR = 3_600_000;
/** Records older than this are refused: hourly rollups of the past are closed books. */
const MAX_AGE_MS = 31 * 24 * HOUR;
const MAX_FUTURE_MS = 5 * 60_000;

const record = z
  .object({
    // No control characters (R-SEC-BAD-INPUT): ids reach the database, which refuses NUL.
    key: singleLineText().min(1).max(200).optional(),
    keyId: singleLineText().min(1).max(100).optional(),
    api: singleLineText().min(1).max(200).optional(),
    path: z.string().min(1).max(4096).optional(),
    timestamp: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]),
    status: z.number().int().min(100).max(599),
    count: z.number().int().min(1).max(1_000_000).default(1),
  })
  .refine((r) => r.key || r.keyId, { message: "Each record needs key or keyId." })
  .refine((r) => r.api || r.path, { message: "Each record needs api or path." });

export const usageBatchSchema = z.object({
  batchId: singleLineText().min(1).max(200),
  records: z.array(record).min(1).max(10_000),
});
export type UsageBatchInput = z.infer<typeof usageBatchSchema>;

export type UsageIngestResult = {
  batchId: string;
  duplicate: boolean;
  accepted: number;
  rejected: Array<{
    index: number;
    reason: "unknown_key" | "invalid_path" | "unknown_api" | "timestamp_out_of_range";
  }>;
};

/**
 * Usage posted by gateways that enforce on their own (R-GW-USAGE). Applied once per
 * (organisation, batchId) in one transaction: a retried batch adds nothing. Records naming a key
 * or API of another organisation are rejected like unknown ones.
 */
export async function ingestUsage(
  gateway: Gateway,
  orgId: string,
  input: UsageBatchInput,
  now = Date.now(),
): Promise<UsageIngestResult> {
  const hashes = [...new Set(input.records.flatMap((r) => (r.key ? [hashKey(r.key)] : [])))];
  const ids = [...new Set(input.records.flatMap((r) => (r.keyId ? [r.keyId] : [])))];
  const [found, apis] = await Promise.all([
    gateway.store.findKeysForUsage(orgId, { hashes, ids }),
    gateway.apiIndex(orgId),
  ]);
  const byHash = new Map(found.map((k) => [k.hash, k.id]));
  // A rolled key's previous value counts to the same key.
  for (const k of found) if (k.previousHash) byHash.set(k.previousHash, k.id);
  const byId = new Set(found.map((k) => k.id));

  const buffer = new UsageBuffer();
  const rejected: UsageIngestResult["rejected"] = [];
  let accepted = 0;
  input.records.forEach((r, index) => {
    const keyId = r.keyId
      ? byId.has(r.keyId)
        ? r.keyId
        : null
      : r.key
        ? (byHash.get(hashKey(r.key)) ?? null)
        : null;
    if (!keyId) return void rejected.push({ index, reason: "unknown_key" });
    const canonical = r.path ? normalisePath(r.path) : null;
    if (canonical && !canonical.ok) return void rejected.push({ index, reason: "invalid_path" });
    const path = canonical?.ok ? canonical.path : null;
    const api = r.api ? apis.byReference(r.api) : path ? apis.match(path) : null;
    if (!api) return void rejected.push({ index, reason: "unknown_api" });
    const at = typeof r.timestamp === "number" ? r.timestamp : Date.parse(r.timestamp);
    if (!Number.isFinite(at) || at < now - MAX_AGE_MS || at > now + MAX_FUTURE_MS)
      return void rejected.push({ index, reason: "timestamp_out_of_range" });
    // A gateway enforcing on its own reports statuses, not decision codes: "http_429", "http_503".
    buffer.record(orgId, keyId, api.id, at, r.status < 400 ? null : `http_${r.status}`, r.count);
    accepted += r.count;
  });
  const batch = buffer.drain();
  const applied = await gateway.store.applyUsageBatch(
    orgId,
    input.batchId,
    input.records.length,
    batch?.usage ?? [],
    batch?.lastUsed ?? [],
  );
  if (!applied) return { batchId: input.batchId, duplicate: true, accepted: 0, rejected: [] };
  return { batchId: input.batchId, duplicate: false, accepted, rejected: rejected.slice(0, 100) };
}

import { z } from "zod";
import { TtlCache } from "@/lib/gateway/ttl-cache";
import { guardedFetch, type OutboundFailure, type OutboundPolicy } from "@/lib/net/guarded-fetch";

export type Operation = { method: string; path: string; summary: string };

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"] as const;
const docSchema = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
const opSchema = z
  .object({ summary: z.string().optional(), operationId: z.string().optional() })
  .loose();

type OpenApiResult =
  | { ok: true; operations: Operation[]; document: Record<string, unknown> }
  | { ok: false; error: string };

/** Documents are read whole and parsed in memory: a cap keeps one entry from exhausting it. */
export const MAX_DOCUMENT_BYTES = 1_000_000;
const TIMEOUT_MS = 3000;
const CACHE_MS = 5 * 60_000;
const FAILURE_CACHE_MS = 60_000;
// Every anonymous visit of an entry would otherwise make one outbound request.
const cache = new TtlCache<OpenApiResult>(500);

/** What a portal visitor is told: never the network's own error (R-SEC-SSRF). */
const FAILURE_TEXT: Partial<Record<OutboundFailure, string>> = {
  "timed out": "The document did not answer in time.",
  "response too large": "The document is larger than 1 MB.",
};

/**
 * Operations of an OpenAPI (JSON) document, or an error to show instead of failing the page.
 * Fetched through the guarded client: private addresses refused, redirects not followed.
 */
export async function loadOpenApiOperations(
  url: string,
  policy: OutboundPolicy = {},
): Promise<OpenApiResult> {
  const res = await guardedFetch(url, {
    ...policy,
    headers: { accept: "application/json", "user-agent": "Gatehouse-Docs/1" },
    timeoutMs: TIMEOUT_MS,
    maxBodyBytes: MAX_DOCUMENT_BYTES,
  });
  if (!res.ok)
    return { ok: false, error: FAILURE_TEXT[res.reason] ?? "The document could not be loaded." };
  if (res.status >= 300 && res.status < 400)
    return {
      ok: false,
      error: `The document answered HTTP ${res.status} (redirects are not followed).`,
    };
  if (res.status < 200 || res.status >= 300)
    return { ok: false, error: `The document answered HTTP ${res.status}.` };
  let doc: unknown;
  try {
    doc = JSON.parse(res.body.toString("utf8"));
  } catch {
    return { ok: false, error: "The document could not be loaded (JSON only)." };
  }
  return parseOpenApi(doc);
}

/** loadOpenApiOperations, cached per URL for the portal's pages. */
export function fetchOpenApiOperations(url: string): Promise<OpenApiResult> {
  return cache.get(
    url,
    Date.now(),
    () => loadOpenApiOperations(url),
    (r) => (r.ok ? CACHE_MS : FAILURE_CACHE_MS),
  );
}

export function parseOpenApi(doc: unknown): OpenApiResult {
  const parsed = docSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, error: "This is not an OpenAPI document with paths." };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(parsed.data.paths)) {
    for (const m of METHODS) {
      const op = opSchema.safeParse(item[m]);
      if (item[m] !== undefined && op.success)
        operations.push({
          method: m.toUpperCase(),
          path,
          summary: op.data.summary ?? op.data.operationId ?? "",
        });
    }
  }
  return { ok: true, operations, document: doc as Record<string, unknown> };
}

/** The OpenAPI document of a catalog entry: its own, else the first of its APIs' documents. */
export function openApiUrlOf(
  entry: { openapiUrl: string | null },
  apis: Array<{ openapiUrl: string | null }>,
): string | null {
  return entry.openapiUrl ?? apis.find((a) => a.openapiUrl)?.openapiUrl ?? null;
}

import { z } from "zod";

export type Operation = { method: string; path: string; summary: string };

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"] as const;
const docSchema = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
const opSchema = z
  .object({ summary: z.string().optional(), operationId: z.string().optional() })
  .loose();

/** Operations of an OpenAPI (JSON) document, or an error to show instead of failing the page. */
export async function fetchOpenApiOperations(
  url: string,
): Promise<{ ok: true; operations: Operation[] } | { ok: false; error: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000), next: { revalidate: 300 } });
    if (!res.ok) return { ok: false, error: `The document answered HTTP ${res.status}.` };
    return parseOpenApi(await res.json());
  } catch (err) {
    return {
      ok: false,
      error:
        err instanceof Error && err.name === "TimeoutError"
          ? "The document did not answer in time."
          : "The document could not be loaded (JSON only).",
    };
  }
}

export function parseOpenApi(
  doc: unknown,
): { ok: true; operations: Operation[] } | { ok: false; error: string } {
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
  return { ok: true, operations };
}

import { type CanonicalPath, canonicalPath } from "./canonical-path";
import type { GatewayApi } from "./types";

export type OriginalRequest =
  { ok: true; path: string; apiKeyParam: string | null } | { ok: false; reason: string };

/**
 * Parses the URI NGINX saw ($request_uri: raw, not normalised) into the canonical path NGINX
 * routes on (lib/gateway/canonical-path.ts) and the api_key query parameter. A URI that could be
 * read two ways is refused with the reason, never guessed.
 */
export function parseOriginalUri(raw: string): OriginalRequest {
  const q = raw.indexOf("?");
  const rawPath = q === -1 ? raw : raw.slice(0, q);
  const canonical = canonicalPath(rawPath, "bytes");
  if (!canonical.ok) return canonical;
  let apiKeyParam: string | null = null;
  if (q !== -1) {
    try {
      apiKeyParam = new URLSearchParams(raw.slice(q + 1)).get("api_key");
    } catch {
      apiKeyParam = null;
    }
  }
  return { ok: true, path: canonical.path, apiKeyParam };
}

/** The same canonical path for a path sent as JSON text (verify and usage endpoints). */
export function normalisePath(path: string): CanonicalPath {
  return canonicalPath(path.startsWith("/") ? path : `/${path}`, "text");
}

export type HeaderGetter = (name: string) => string | null | undefined;

/** The developer's key: X-API-Key, else `Authorization: Bearer`, else the api_key query parameter. */
export function extractKey(header: HeaderGetter, apiKeyParam: string | null): string | null {
  const direct = header("x-api-key")?.trim();
  if (direct) return direct;
  const auth = header("authorization")?.trim();
  if (auth && /^bearer\s+/i.test(auth)) {
    const token = auth.replace(/^bearer\s+/i, "").trim();
    if (token) return token;
  }
  const param = apiKeyParam?.trim();
  return param ? param : null;
}

/** The organisation's APIs, ready for longest-prefix matching. */
export class ApiIndex {
  private readonly byPrefix: GatewayApi[];
  private readonly byRef = new Map<string, GatewayApi>();

  constructor(apis: GatewayApi[]) {
    this.byPrefix = [...apis].sort((a, b) => b.listenPath.length - a.listenPath.length);
    for (const api of apis) {
      this.byRef.set(api.slug, api);
      this.byRef.set(api.id, api);
    }
  }

  /** Longest listen path that is a prefix of `path` on a segment boundary ("/weather/" also matches "/weather"). */
  match(path: string): GatewayApi | null {
    for (const api of this.byPrefix) {
      const lp = api.listenPath;
      if (path.startsWith(lp)) {
        if (lp.endsWith("/") || path.length === lp.length || path[lp.length] === "/") return api;
      } else if (lp.endsWith("/") && path === lp.slice(0, -1)) {
        return api;
      }
    }
    return null;
  }

  /** By id or slug (the JSON verify endpoint's `api`). */
  byReference(ref: string): GatewayApi | null {
    return this.byRef.get(ref) ?? null;
  }

  get size(): number {
    return this.byPrefix.length;
  }
}

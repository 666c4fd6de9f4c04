import type { GatewayApi } from "./types";

const BASE = "http://gatehouse.invalid";

export type OriginalRequest = { path: string; apiKeyParam: string | null };

/**
 * Parses the URI NGINX saw ($request_uri: raw, not normalised). Dot segments (also %2e-encoded)
 * are resolved and repeated slashes collapsed, so `/weather/../payments/` is judged as the
 * `/payments/` an upstream would serve, never as Weather.
 */
export function parseOriginalUri(raw: string): OriginalRequest | null {
  if (!raw.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(raw.replace(/^\/+/, "/"), BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = url.pathname.replace(/\/{2,}/g, "/");
  return { path, apiKeyParam: url.searchParams.get("api_key") };
}

/** Normalises a path given to the JSON verify endpoint the same way. */
export function normalisePath(path: string): string | null {
  return parseOriginalUri(path.startsWith("/") ? path : `/${path}`)?.path ?? null;
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

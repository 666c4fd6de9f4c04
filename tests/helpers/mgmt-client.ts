import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import type { Db, DbHandle } from "@/db";
import type { paths } from "@/lib/api/openapi-types";
import { requestKey } from "@/lib/keyrequests/request";
import { type DbTarget, makeDeveloper, makeOrg } from "./db";
import { makeGatewayToken } from "./gateway-fixtures";
import { makeEntry } from "./portal-fixtures";

/**
 * The management API through a client nobody here wrote: openapi-fetch, typed by the types
 * openapi-typescript generated from the served document (lib/api/openapi-types.ts). Requests are
 * dispatched in-process to the real route modules under app/api/v1 (found on disk, so new routes
 * join without a list), the way Next would: static segments before [param] ones, params decoded.
 */
export const MGMT_BASE = "https://portal.example.test";

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response> | Response;
type RouteModule = Partial<Record<string, Handler>>;
type RouteFile = { segments: string[]; file: string };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const API_DIR = path.join(root, "app/api/v1");

function findRoutes(dir: string, segments: string[] = []): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory())
      out.push(...findRoutes(path.join(dir, entry.name), [...segments, entry.name]));
    else if (entry.name === "route.ts") out.push({ segments, file: path.join(dir, entry.name) });
  }
  return out;
}

export const ROUTE_FILES: RouteFile[] = findRoutes(API_DIR).sort((a, b) => {
  // More static segments first, as Next matches.
  const dyn = (r: RouteFile) => r.segments.filter((s) => s.startsWith("[")).length;
  return dyn(a) - dyn(b);
});

/** `/api/v1/developers/{id}`-style path of a route file (the OpenAPI path). */
export function openApiPathOf(r: RouteFile): string {
  return `/api/v1/${r.segments.map((s) => (s.startsWith("[") ? `{${s.slice(1, -1)}}` : s)).join("/")}`.replace(
    /\/$/,
    "",
  );
}

function match(r: RouteFile, parts: string[]): Record<string, string> | null {
  if (r.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [i, seg] of r.segments.entries()) {
    const part = parts[i] ?? "";
    if (seg.startsWith("[")) params[seg.slice(1, -1)] = decodeURIComponent(part);
    else if (seg !== part) return null;
  }
  return params;
}

const modules = new Map<string, Promise<RouteModule>>();
function load(file: string): Promise<RouteModule> {
  let m = modules.get(file);
  if (!m) {
    m = import(file) as Promise<RouteModule>;
    modules.set(file, m);
  }
  return m;
}

/** A fetch that answers from the route modules, as `next start` would (without proxy.ts). */
export async function dispatch(
  input: Request | string | URL,
  init?: RequestInit,
): Promise<Response> {
  const request = input instanceof Request && !init ? input : new Request(input, init);
  const url = new URL(request.url);
  const prefix = "/api/v1/";
  if (!url.pathname.startsWith(prefix)) return new Response(null, { status: 404 });
  let parts: string[];
  try {
    parts = url.pathname.slice(prefix.length).split("/");
    parts.forEach((p) => decodeURIComponent(p));
  } catch {
    return new Response(null, { status: 400 });
  }
  for (const r of ROUTE_FILES) {
    const params = match(r, parts);
    if (!params) continue;
    const mod = await load(r.file);
    const handler = mod[request.method.toUpperCase()];
    if (!handler) return new Response(null, { status: 405 });
    return handler(request, { params: Promise.resolve(params) });
  }
  return new Response(null, { status: 404 });
}

/** The typed client, authenticated with a token (or none). */
export function mgmtClient(token?: string) {
  return createClient<paths>({
    baseUrl: MGMT_BASE,
    fetch: (request: Request) => dispatch(request),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}
export type MgmtClient = ReturnType<typeof mgmtClient>;

/** The route handlers use the process-wide database (getDb()): point it at a suite's. */
export function useAsAppDb(db: Db, target: DbTarget) {
  (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
    db,
    driver: target,
    close: async () => {},
  };
}

/** An organisation (third-party key requests), a catalog entry and a management token. */
export async function mgmtWorld(db: Db, orgValues: Parameters<typeof makeOrg>[1] = {}) {
  const org = await makeOrg(db, { keyRequestMode: "webhook", ...orgValues });
  const { entry, policy } = await makeEntry(db, org.id);
  const token = await makeGatewayToken(db, org.id, "management");
  /** A new developer's pending key request. */
  const pendingRequest = async () => {
    const dev = await makeDeveloper(db, org.id);
    const r = await requestKey(db, org, dev, entry, {});
    if (!r.ok || r.value.kind !== "pending")
      throw new Error(`expected pending, got ${r.ok ? r.value.kind : r.message}`);
    return { dev, requestId: r.value.requestId };
  };
  return {
    org,
    entry,
    policy,
    token: token.plaintext,
    tokenId: token.row.id,
    client: mgmtClient(token.plaintext),
    pendingRequest,
  };
}

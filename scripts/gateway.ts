/**
 * Standalone gateway verifier (`npm run gateway`): the same contract and lib/gateway code as
 * the Next.js routes, on plain node:http — for self-hosters whose traffic outgrows Next.js.
 * Needs DATABASE_URL (Postgres) when a Gatehouse server runs too: embedded PGlite allows one
 * process per data directory. See docs/GATEWAY.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { createDb, getDbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";
import { KEY_LOOKUP_SESSION_SETTINGS, warmGatewayKeyQuery } from "@/db/queries/gateway";
import { envWithoutLinks } from "@/lib/env";
import type { TokenMemo } from "@/lib/gateway/gateway";
import {
  type AuthAnswer,
  authAnswer,
  errorResponse,
  type GatewayResponse,
  handleHealth,
  handleUsage,
  handleVerify,
  MAX_BODY_BYTES,
  problem,
} from "@/lib/gateway/http";
import { createGatewayRuntime } from "@/lib/gateway/instance";

// The verifier sends no email, so it needs no APP_URL (the web app does).
const e = envWithoutLinks();
// Cold keys are looked up through a pool of their own whose connections plan the lookup once,
// by no table's size at the time (db/queries/gateway.ts, KEY_LOOKUP_SESSION_SETTINGS); the usage
// write and the rest (gateway tokens, APIs, OAuth) keep a pool of two. The two pools share
// DATABASE_POOL_MAX, so the process opens no more connections than it did with one. Not behind a
// transaction-mode pooler (DATABASE_PREPARE=0), which may refuse the settings and keeps no plan,
// nor with fewer than four connections in all.
const ownLookupPool = Boolean(e.DATABASE_URL && e.DATABASE_PREPARE && e.DATABASE_POOL_MAX >= 4);
const handle = getDbHandle(ownLookupPool ? { max: 2 } : {});
if (handle.driver === "pglite") await runMigrations(handle);
const lookups =
  ownLookupPool && e.DATABASE_URL
    ? createDb({
        url: e.DATABASE_URL,
        max: e.DATABASE_POOL_MAX - 2,
        settings: KEY_LOOKUP_SESSION_SETTINGS,
      })
    : null;
const runtime = createGatewayRuntime({
  db: handle.db,
  keyLookupDb: lookups?.db,
  redisUrl: e.REDIS_URL,
  cacheTtlMs: e.GATEWAY_CACHE_TTL_SECONDS * 1000,
  dbTimeoutMs: e.GATEWAY_DB_TIMEOUT_MS,
});
const { gateway } = runtime;

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, r: GatewayResponse, head: boolean): void {
  res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
  res.end(head ? undefined : r.body);
}

const AUTH_PATH = "/api/gateway/auth";

function headerOf(req: IncomingMessage) {
  return (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
}

// Each keep-alive connection remembers its gateway token's answer (Gateway.principal).
const memos = new WeakMap<Socket, TokenMemo>();
function memoOf(socket: Socket): TokenMemo {
  let m = memos.get(socket);
  if (!m) {
    m = { token: "", principal: null, epoch: -1, until: 0 };
    memos.set(socket, m);
  }
  return m;
}

/** The flat header list as it is (writeHead takes it without building a header object). */
function writeAnswer(res: ServerResponse, a: AuthAnswer, head: boolean): void {
  a.head.push("content-length", a.body === "" ? "0" : String(Buffer.byteLength(a.body)));
  res.writeHead(a.status, a.head);
  if (head || a.body === "") res.end();
  else res.end(a.body);
}

/** NGINX's auth_request, on every API call: answered in the same tick when all is cached. */
function auth(req: IncomingMessage, res: ServerResponse): void {
  const head = req.method === "HEAD";
  const a = authAnswer(gateway, headerOf(req), req.method ?? "GET", memoOf(req.socket));
  if (a instanceof Promise)
    a.then(
      (x) => writeAnswer(res, x, head),
      (err: unknown) => send(res, errorResponse(err), false),
    );
  else writeAnswer(res, a, head);
}

async function route(req: IncomingMessage): Promise<GatewayResponse> {
  const path = (req.url ?? "/").split("?")[0];
  const header = headerOf(req);
  const method = req.method ?? "GET";
  if (path === "/api/gateway/health" || path === "/healthz") return handleHealth();
  if (path === "/api/gateway/verify" || path === "/api/gateway/usage") {
    if (method !== "POST")
      return problem("method_not_allowed", "Use POST.", 405, { allow: "POST" });
    const body = await readBody(req);
    if (body === null) return problem("payload_too_large", "Send at most 5 MB per batch.", 413);
    return path === "/api/gateway/verify"
      ? handleVerify(gateway, header, body)
      : handleUsage(gateway, header, body);
  }
  return problem("not_found", "No such gateway endpoint.", 404);
}

let served = 0;
const server = createServer(
  {
    // NGINX keeps its upstream connections (`keepalive` in the upstream block, docs/GATEWAY.md):
    // ours outlive its idle timeout (keepalive_timeout, 60 s), so NGINX, not us, closes an idle
    // one and no call lands on a connection being closed. Small, bounded requests: 16 KB of headers, no body.
    keepAliveTimeout: 65_000,
    headersTimeout: 10_000,
    requestTimeout: 30_000,
    maxHeaderSize: 16 * 1024,
    noDelay: true,
  },
  (req, res) => {
    served++;
    const url = req.url ?? "/";
    if (url === AUTH_PATH || url.startsWith(`${AUTH_PATH}?`)) return auth(req, res);
    route(req).then(
      (r) => send(res, r, req.method === "HEAD"),
      (err: unknown) => send(res, errorResponse(err), false),
    );
  },
);
// No limit on the calls one keep-alive connection may carry.
server.maxRequestsPerSocket = 0;

// Cold keys pay one round trip, not a connection's set-up: the pool is opened and the key
// lookup prepared on each connection before the first call (db/queries/gateway.ts).
if (handle.driver === "postgres")
  await warmGatewayKeyQuery(
    lookups?.db ?? handle.db,
    lookups ? e.DATABASE_POOL_MAX - 2 : e.DATABASE_POOL_MAX,
  ).catch((err: unknown) =>
    console.error(
      `gateway: could not open the database pool ahead (${err instanceof Error ? err.message : String(err)}); connections open as calls need them`,
    ),
  );

server.listen(e.GATEWAY_PORT, e.GATEWAY_HOST, () => {
  const where =
    handle.driver === "pglite" ? `embedded PGlite at ${e.pgliteDir}` : "Postgres (DATABASE_URL)";
  console.log(
    `▲ Gatehouse gateway verifier on http://${e.GATEWAY_HOST}:${e.GATEWAY_PORT} — ${where}${e.REDIS_URL ? ", Redis counters" : ", in-process counters"}`,
  );
});

// The bench's side channel (scripts/bench-gateway.ts, CPU per decision): only a parent that
// spawned this process with an IPC channel can ask; nothing is exposed over HTTP.
process.on("message", (m: unknown) => {
  if (m === "gatehouse:cpu-usage") process.send?.({ cpu: process.cpuUsage(), served });
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`gateway: ${signal}, flushing usage and stopping`);
  server.close();
  server.closeIdleConnections();
  try {
    await runtime.close();
    await lookups?.close();
    await handle.close();
  } finally {
    process.exit(0);
  }
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

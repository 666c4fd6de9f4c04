import fc from "fast-check";
import { eq } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
  process.env.AUTH_SECRET ??= "isolation-test-secret-isolation-test-secret";
});

import { buildOpenApiDocument } from "@/lib/api/spec";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { encodeSessionToken } from "@/lib/auth/session-token";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { describeEachDb, makeAdmin } from "../helpers/db";
import { makeApi, makeKey, makePolicy } from "../helpers/dev-fixtures";
import { makeGatewayToken } from "../helpers/gateway-fixtures";
import {
  hostileJsonValue,
  hostileString,
  rowCounts,
  RUNS,
  withHostileFields,
} from "../helpers/hostile-input";
import { dispatch, MGMT_BASE, mgmtWorld, useAsAppDb } from "../helpers/mgmt-client";
import { signedInClaims } from "../helpers/sessions";

/**
 * R-MGMT-API, R-ORG-ISOLATION: every management API route refuses every credential but its own
 * organisation's management token, and never answers 500 to a hostile query or body.
 *
 * ADD YOUR ROUTE HERE: one entry per documented operation (the first test fails when an
 * operation of the document has no entry). `path` builds the URL from organisation A's records;
 * `body` is a valid body; `list: true` for lists (another organisation's token gets its own
 * page, never A's rows; everything else answers it 404).
 */
type World = Awaited<ReturnType<typeof worldA>>;
type RouteCase = {
  op: string;
  path: (a: World) => string;
  body?: (a: World) => Record<string, unknown>;
  list?: boolean;
};

export const ROUTES: RouteCase[] = [
  { op: "GET /api/v1/developers", path: () => "/api/v1/developers", list: true },
  {
    op: "POST /api/v1/developers",
    path: () => "/api/v1/developers",
    body: () => ({ email: "new@example.test", name: "New" }),
    list: true,
  },
  { op: "GET /api/v1/developers/{id}", path: (a) => `/api/v1/developers/${a.dev.id}` },
  {
    op: "PATCH /api/v1/developers/{id}",
    path: (a) => `/api/v1/developers/${a.dev.id}`,
    body: () => ({ name: "Renamed" }),
  },
  { op: "DELETE /api/v1/developers/{id}", path: (a) => `/api/v1/developers/${a.dev.id}` },
  {
    op: "POST /api/v1/developers/{id}/deactivate",
    path: (a) => `/api/v1/developers/${a.dev.id}/deactivate`,
  },
  {
    op: "POST /api/v1/developers/{id}/reactivate",
    path: (a) => `/api/v1/developers/${a.dev.id}/reactivate`,
  },
  { op: "GET /api/v1/key-requests", path: () => "/api/v1/key-requests", list: true },
  { op: "GET /api/v1/key-requests/{id}", path: (a) => `/api/v1/key-requests/${a.requestId}` },
  {
    op: "POST /api/v1/key-requests/{id}/approve",
    path: (a) => `/api/v1/key-requests/${a.requestId}/approve`,
  },
  {
    op: "POST /api/v1/key-requests/{id}/decline",
    path: (a) => `/api/v1/key-requests/${a.requestId}/decline`,
    body: () => ({ reason: "no" }),
  },
  { op: "GET /api/v1/policies", path: () => "/api/v1/policies", list: true },
  { op: "GET /api/v1/policies/{id}", path: (a) => `/api/v1/policies/${a.policy.id}` },
  { op: "GET /api/v1/apis", path: () => "/api/v1/apis", list: true },
  { op: "GET /api/v1/apis/{id}", path: (a) => `/api/v1/apis/${a.api.id}` },
  { op: "GET /api/v1/catalog-entries", path: () => "/api/v1/catalog-entries", list: true },
  { op: "GET /api/v1/catalog-entries/{id}", path: (a) => `/api/v1/catalog-entries/${a.entry.id}` },
  { op: "GET /api/v1/audit-entries", path: () => "/api/v1/audit-entries", list: true },
  { op: "GET /api/v1/keys", path: () => "/api/v1/keys", list: true },
  {
    op: "POST /api/v1/keys",
    path: () => "/api/v1/keys",
    body: (a) => ({ developer_id: a.dev.id, policy_ids: [a.policy.id] }),
  },
  { op: "GET /api/v1/keys/{id}", path: (a) => `/api/v1/keys/${a.key.key.id}` },
  {
    op: "PATCH /api/v1/keys/{id}",
    path: (a) => `/api/v1/keys/${a.key.key.id}`,
    body: (a) => ({ policy_ids: [a.policy.id] }),
  },
  {
    op: "POST /api/v1/keys/{id}/roll",
    path: (a) => `/api/v1/keys/${a.key.key.id}/roll`,
    body: () => ({ grace_seconds: 60 }),
  },
  { op: "POST /api/v1/keys/{id}/revoke", path: (a) => `/api/v1/keys/${a.key.key.id}/revoke` },
  { op: "GET /api/v1/usage", path: () => "/api/v1/usage", list: true },
  { op: "GET /api/v1/usage/csv", path: () => "/api/v1/usage/csv", list: true },
  { op: "GET /api/v1/usage/refusals", path: () => "/api/v1/usage/refusals", list: true },
];

/** Organisation A: one of each record, and every kind of credential that is not its management token. */
async function worldA(db: Db) {
  const w = await mgmtWorld(db);
  const { dev, requestId } = await w.pendingRequest();
  const api = await makeApi(db, w.org.id);
  const policy = await makePolicy(db, w.org.id, {}, [{ apiId: api.id }]);
  const key = await makeKey(db, w.org.id, dev.id, [policy.id]);
  const gateway = await makeGatewayToken(db, w.org.id, "gateway");
  const revoked = await makeGatewayToken(db, w.org.id, "management");
  await db
    .update(s.apiTokens)
    .set({ revokedAt: new Date() })
    .where(eq(s.apiTokens.id, revoked.row.id));
  const admin = await makeAdmin(db, w.org.id);
  const secret = process.env.AUTH_SECRET ?? "";
  const cookie = async (kind: "admin" | "developer", account: typeof admin | typeof dev) =>
    `${SESSION_COOKIE}=${await encodeSessionToken({
      token: { ...(await signedInClaims(db, kind, account)) },
      secret,
      salt: SESSION_COOKIE,
    })}`;
  return {
    ...w,
    dev,
    requestId,
    api,
    policy,
    key,
    /** Every credential that must be refused (401), by name. */
    refused: {
      none: {},
      "gateway token": { authorization: `Bearer ${gateway.plaintext}` },
      "gateway token header": { "x-gatehouse-gateway-token": gateway.plaintext },
      "revoked management token": { authorization: `Bearer ${revoked.plaintext}` },
      "developer's API key": { authorization: `Bearer ${key.plaintext}` },
      "admin session cookie": { cookie: await cookie("admin", admin) },
      "developer session cookie": { cookie: await cookie("developer", dev) },
      "management token as a cookie": { cookie: `token=${w.token}` },
      "management token in the query": {},
    } as Record<string, Record<string, string>>,
    ids: [dev.id, requestId, api.id, policy.id, w.entry.id, key.key.id, dev.email],
  };
}

function call(
  route: RouteCase,
  a: World,
  headers: Record<string, string>,
  extra: { query?: string; body?: string } = {},
) {
  const method = route.op.split(" ")[0] ?? "GET";
  const body = extra.body ?? (route.body ? JSON.stringify(route.body(a)) : undefined);
  return dispatch(
    new Request(`${MGMT_BASE}${route.path(a)}${extra.query ?? ""}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: method === "GET" ? undefined : body,
    }),
  );
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as { status: number; code: string; detail: string };
  expect(body.status).toBe(status);
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

describeEachDb("R-MGMT-API: isolation and hostile input on every route", (getDb, target) => {
  beforeEach(() => useAsAppDb(getDb(), target));

  it("R-MGMT-API: the route list covers every /api/v1 operation of the OpenAPI document", () => {
    const doc = buildOpenApiDocument("https://x.test");
    const documented = Object.entries(doc.paths ?? {})
      .filter(([p]) => p.startsWith("/api/v1/"))
      .flatMap(([p, item]) =>
        ["get", "post", "put", "patch", "delete"]
          .filter((m) => item && m in item)
          .map((m) => `${m.toUpperCase()} ${p}`),
      );
    expect(ROUTES.map((r) => r.op).sort()).toEqual(documented.sort());
  });

  it("R-MGMT-API, R-ORG-ISOLATION: no token, a gateway token, a revoked token, an API key, admin and developer session cookies: 401 on every route, nothing changes", async () => {
    const db = getDb();
    const a = await worldA(db);
    const before = await rowCounts(db, a.org.id);
    for (const route of ROUTES)
      for (const [name, headers] of Object.entries(a.refused)) {
        const res = await call(route, a, headers, {
          query: name === "management token in the query" ? `?token=${a.token}` : "",
        });
        expect(res.status, `${route.op} with ${name}`).toBe(401);
        expect((await expectProblem(res, 401)).code).toBe("unauthorized");
      }
    expect(await rowCounts(db, a.org.id)).toEqual(before);
    const [request] = await db
      .select()
      .from(s.keyRequests)
      .where(eq(s.keyRequests.id, a.requestId));
    expect(request?.status).toBe("pending");
  });

  it("R-MGMT-API, R-ORG-ISOLATION: another organisation's management token gets 404 for A's records and never sees them in its lists; A is unchanged", async () => {
    const db = getDb();
    const a = await worldA(db);
    const b = await mgmtWorld(db);
    const before = await rowCounts(db, a.org.id);
    for (const route of ROUTES) {
      const res = await call(route, a, { authorization: `Bearer ${b.token}` });
      const text = await res.clone().text();
      for (const id of a.ids) expect(text, `${route.op} leaks ${id}`).not.toContain(id);
      if (route.list) expect(res.status, route.op).toBeLessThan(300);
      else expect((await expectProblem(res, 404)).code, route.op).toBe("not_found");
    }
    expect(await rowCounts(db, a.org.id)).toEqual(before);
    const [dev] = await db.select().from(s.developers).where(eq(s.developers.id, a.dev.id));
    expect(dev).toMatchObject({ status: "active", name: a.dev.name });
  });

  it("R-MGMT-API, R-SEC-BAD-INPUT: hostile query strings on every route get a 4xx problem or a 2xx, never a 500", async () => {
    const db = getDb();
    const a = await worldA(db);
    const names = ["limit", "cursor", "search", "status", "action", "since", "developer", "x"];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.dictionary(fc.constantFrom(...names), hostileString, { minKeys: 1, maxKeys: 3 }),
        async (route, params) => {
          const query = `?${new URLSearchParams(params).toString()}`;
          const res = await call(route, a, { authorization: `Bearer ${a.token}` }, { query });
          expect(res.status, `${route.op}${query.slice(0, 80)}`).toBeLessThan(500);
          if (res.status >= 400) await expectProblem(res, res.status);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it("R-MGMT-API, R-SEC-BAD-INPUT: hostile JSON bodies on every write get a 4xx problem or a clean 2xx, never a 500", async () => {
    const db = getDb();
    const writes = ROUTES.filter((r) => r.body);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: hostileString },
        ),
        fc.integer(),
        async (route, raw, seed) => {
          const a = await worldA(db);
          const valid = route.body?.(a) ?? {};
          const body =
            raw ??
            JSON.stringify(
              fc.sample(
                withHostileFields(
                  valid,
                  Object.keys(valid) as Array<keyof typeof valid & string>,
                  hostileJsonValue,
                ),
                { numRuns: 1, seed },
              )[0],
            );
          const res = await call(route, a, { authorization: `Bearer ${a.token}` }, { body });
          expect(res.status, `${route.op} ${body.slice(0, 80)}`).toBeLessThan(500);
          if (res.status >= 400) await expectProblem(res, res.status);
        },
      ),
      RUNS,
    );
  }, 180_000);
});

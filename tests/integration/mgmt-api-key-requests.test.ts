import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, expect, it, vi } from "vitest";

// Links in emails use APP_URL; lib/env.ts reads the environment once, on first use.
vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

import { GET as listRoute } from "@/app/api/v1/key-requests/route";
import { POST as approveRoute } from "@/app/api/v1/key-requests/[id]/approve/route";
import { POST as declineRoute } from "@/app/api/v1/key-requests/[id]/decline/route";
import type { Db, DbHandle } from "@/db";
import { insertApiToken } from "@/db/queries/gateway";
import { getKeyView } from "@/db/queries/keys";
import * as s from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { newApiToken } from "@/lib/gateway/tokens";
import { requestKey } from "@/lib/keyrequests/request";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import {
  auditActions,
  emailsOf,
  keyRequestRow,
  keysIn,
  keysOfDeveloper,
  makeEntry,
  onlyEmail,
} from "../helpers/portal-fixtures";

const BASE = "https://portal.example.test";

type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: Array<{ detail: string; pointer?: string; parameter?: string }>;
};

/** The route handlers use the process-wide database (getDb()): point it at this suite's. */
function useAsAppDb(db: Db, target: string) {
  (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
    db,
    driver: target as DbHandle["driver"],
    close: async () => {},
  };
}

function call(
  method: string,
  path: string,
  {
    token,
    body,
    headers = {},
  }: { token?: string; body?: string; headers?: Record<string, string> } = {},
) {
  return new Request(`${BASE}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body,
  });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const approve = (
  id: string,
  token?: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) =>
  approveRoute(call("POST", `/api/v1/key-requests/${id}/approve`, { token, ...init }), params(id));
const decline = (
  id: string,
  token?: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) =>
  declineRoute(call("POST", `/api/v1/key-requests/${id}/decline`, { token, ...init }), params(id));

async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as Problem;
  // RFC 9457: type (absolute URI), title, status (= the HTTP status), detail; plus our code.
  expect(body).toMatchObject({ type: `https://gatehouse.dev/problems/${code}`, status, code });
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

/** A management token of the organisation (plaintext shown once; the row holds its hash). */
async function managementToken(db: Db, orgId: string) {
  const t = newApiToken("management");
  const row = await insertApiToken(db, orgId, {
    kind: "management",
    name: "CRM",
    hash: t.hash,
    start: t.start,
    createdByAdminId: null,
  });
  return { token: t.token, id: row.id };
}

/** An organisation handing requests to a third party (webhook mode) with one pending request. */
async function webhookOrg(db: Db) {
  const org = await makeOrg(db, { name: "Third Party Org", keyRequestMode: "webhook" });
  const { entry, policy } = await makeEntry(db, org.id, { name: "Payments — Partners" });
  const dev = await makeDeveloper(db, org.id);
  const out = await requestKey(db, org, dev, entry, {});
  if (!out.ok || out.value.kind !== "pending")
    throw new Error(`expected pending, got ${out.ok ? out.value.kind : out.message}`);
  const { token, id: tokenId } = await managementToken(db, org.id);
  return { org, entry, policy, dev, requestId: out.value.requestId, token, tokenId };
}

describeEachDb("Management API: key requests (app/api/v1/key-requests/**)", (getDb, target) => {
  beforeAll(() => {
    expect(process.env.APP_URL).toBe(BASE);
  });
  beforeEach(() => useAsAppDb(getDb(), target));

  it("R-MGMT-API: without a token, with a malformed header or an unknown token the answer is 401 with a problem document", async () => {
    const db = getDb();
    const { requestId, token } = await webhookOrg(db);
    for (const res of [
      await approve(requestId),
      await approve(requestId, undefined, { headers: { authorization: `Basic ${token}` } }),
      await approve(requestId, undefined, { headers: { authorization: "Bearer" } }),
      await approve(requestId, `${token}x`),
      await decline(requestId, "gm_not-a-token"),
      await listRoute(call("GET", "/api/v1/key-requests", { token: "nope" })),
    ]) {
      await expectProblem(res, 401, "unauthorized");
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
    }
    expect(await keyRequestRow(db, requestId)).toMatchObject({ status: "pending" });
  });

  it("R-MGMT-API: a revoked management token and a gateway token are refused", async () => {
    const db = getDb();
    const { org, requestId, token, tokenId } = await webhookOrg(db);
    await db.update(s.apiTokens).set({ revokedAt: new Date() }).where(eq(s.apiTokens.id, tokenId));
    await expectProblem(await approve(requestId, token), 401, "unauthorized");

    const gw = newApiToken("gateway");
    await insertApiToken(db, org.id, {
      kind: "gateway",
      name: "edge",
      hash: gw.hash,
      start: gw.start,
      createdByAdminId: null,
    });
    await expectProblem(await approve(requestId, gw.token), 401, "unauthorized");
    expect(await keyRequestRow(db, requestId)).toMatchObject({ status: "pending" });
  });

  it("R-MGMT-API: approve → 200, the key exists, carries the entry's policy and is emailed; the decision names the token", async () => {
    const db = getDb();
    const { org, entry, policy, dev, requestId, token, tokenId } = await webhookOrg(db);

    const res = await approve(requestId, token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      status: string;
      key_id: string;
      delivery: string;
    };
    expect(body).toMatchObject({ id: requestId, status: "approved", delivery: "email" });
    const key = await getKeyView(db, org.id, body.key_id);
    expect(key).toMatchObject({ developerId: dev.id, status: "active" });
    expect(key?.policies.map((p) => p.policyId)).toEqual([policy.id]);
    // The API answer never carries the key itself; the developer gets it by email.
    expect(JSON.stringify(body)).not.toMatch(/gh_/);
    const mail = await onlyEmail(db, org.id, dev.email, "keyApproved");
    expect(mail.subject).toBe(`Your key for ${entry.name}`);
    expect(sha256Hex(keysIn(mail.text)[0] ?? "")).toBe(key?.hash);
    expect(mail.text).toContain(`${BASE}/${org.slug}/dashboard`);

    expect(await keyRequestRow(db, requestId)).toMatchObject({
      status: "approved",
      keyId: body.key_id,
      decidedBy: `api_token:${tokenId}`,
      decidedByAdminId: null,
    });
    const audit = (await auditActions(db, org.id, requestId)).find(
      (a) => a.action === "key_request.approved",
    );
    expect(audit).toMatchObject({ actorType: "api_token", actorId: tokenId });
    // The token's "last used" is recorded.
    const [tok] = await db.select().from(s.apiTokens).where(eq(s.apiTokens.id, tokenId));
    expect(tok?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("R-MGMT-API: decline with {reason} → 200; the reason is kept and emailed; a second decision is 409", async () => {
    const db = getDb();
    const { org, dev, requestId, token, tokenId } = await webhookOrg(db);

    const res = await decline(requestId, token, {
      body: JSON.stringify({ reason: "  Not a registered partner  " }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: requestId,
      status: "declined",
      reason: "Not a registered partner",
    });
    expect(await keyRequestRow(db, requestId)).toMatchObject({
      status: "declined",
      declineReason: "Not a registered partner",
      decidedBy: `api_token:${tokenId}`,
    });
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);
    expect((await onlyEmail(db, org.id, dev.email, "keyRequestDeclined")).text).toContain(
      "Not a registered partner",
    );
    const audit = (await auditActions(db, org.id, requestId)).find(
      (a) => a.action === "key_request.declined",
    );
    expect(audit).toMatchObject({ actorType: "api_token", actorId: tokenId });
    expect(audit?.data).toMatchObject({ reason: "Not a registered partner" });

    await expectProblem(await approve(requestId, token), 409, "conflict");
    await expectProblem(await decline(requestId, token), 409, "conflict");
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);
  });

  it("R-MGMT-API: decline without a body (or an empty one) declines without a reason", async () => {
    const db = getDb();
    const a = await webhookOrg(db);
    const res = await decline(a.requestId, a.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: a.requestId, status: "declined", reason: null });
    expect(await keyRequestRow(db, a.requestId)).toMatchObject({
      status: "declined",
      declineReason: null,
    });

    const b = await webhookOrg(db);
    expect((await decline(b.requestId, b.token, { body: "{}" })).status).toBe(200);
  });

  it("R-MGMT-API: invalid JSON, unknown fields and a too-long reason are 400 problem documents; nothing is decided", async () => {
    const db = getDb();
    const { requestId, token, org } = await webhookOrg(db);
    const bad = await expectProblem(
      await decline(requestId, token, { body: "{reason: nope" }),
      400,
      "invalid_request",
    );
    expect(bad.detail).toMatch(/JSON/);
    await expectProblem(
      await decline(requestId, token, { body: JSON.stringify({ reason: "x", approve: true }) }),
      400,
      "invalid_request",
    );
    await expectProblem(
      await decline(requestId, token, { body: JSON.stringify({ reason: 42 }) }),
      400,
      "invalid_request",
    );
    const long = await expectProblem(
      await decline(requestId, token, { body: JSON.stringify({ reason: "x".repeat(501) }) }),
      400,
      "invalid_request",
    );
    expect(long.errors).toEqual([{ detail: "At most 500 characters.", pointer: "#/reason" }]);
    expect(await keyRequestRow(db, requestId)).toMatchObject({ status: "pending" });
    expect(await emailsOf(db, org.id)).toEqual([]);
  });

  it("R-ORG-ISOLATION: another organisation's token gets 404 for this organisation's request, and cannot list it", async () => {
    const db = getDb();
    const a = await webhookOrg(db);
    const b = await webhookOrg(db);

    const notFound = await expectProblem(await approve(a.requestId, b.token), 404, "not_found");
    expect(JSON.stringify(notFound)).not.toContain(a.dev.email);
    await expectProblem(
      await decline(a.requestId, b.token, { body: JSON.stringify({ reason: "mine now" }) }),
      404,
      "not_found",
    );
    expect(await keyRequestRow(db, a.requestId)).toMatchObject({
      status: "pending",
      declineReason: null,
    });
    expect(await keysOfDeveloper(db, a.org.id, a.dev.id)).toEqual([]);

    const listed = (await (
      await listRoute(call("GET", "/api/v1/key-requests?status=pending", { token: b.token }))
    ).json()) as { data: Array<{ id: string }> };
    expect(listed.data.map((r) => r.id)).toEqual([b.requestId]);
  });

  it("R-MGMT-API: an unknown request id is 404", async () => {
    const db = getDb();
    const { token } = await webhookOrg(db);
    await expectProblem(await approve("kreq_unknown", token), 404, "not_found");
    await expectProblem(await decline("kreq_unknown", token), 404, "not_found");
  });

  it("R-MGMT-API: GET /api/v1/key-requests lists the organisation's requests, filtered by status, newest first", async () => {
    const db = getDb();
    const { org, entry, dev, requestId, token } = await webhookOrg(db);
    const other = await makeDeveloper(db, org.id);
    const second = await requestKey(db, org, other, entry, {});
    if (!second.ok || second.value.kind !== "pending") throw new Error("expected pending");
    expect((await approve(requestId, token)).status).toBe(200);

    const all = await listRoute(call("GET", "/api/v1/key-requests", { token }));
    expect(all.status).toBe(200);
    const allBody = (await all.json()) as {
      data: Array<Record<string, unknown>>;
      next_cursor: string | null;
    };
    expect(allBody.next_cursor).toBeNull();
    expect(allBody.data.map((r) => r.id)).toEqual([second.value.requestId, requestId]);
    expect(allBody.data[1]).toMatchObject({
      status: "approved",
      developer_id: dev.id,
      developer_email: dev.email,
      catalog_entry_id: entry.id,
      catalog_entry_name: entry.name,
    });

    const pending = (await (
      await listRoute(call("GET", "/api/v1/key-requests?status=pending", { token }))
    ).json()) as { data: Array<{ id: string }> };
    expect(pending.data.map((r) => r.id)).toEqual([second.value.requestId]);
    await expectProblem(
      await listRoute(call("GET", "/api/v1/key-requests?status=maybe", { token })),
      400,
      "invalid_request",
    );
  });
});

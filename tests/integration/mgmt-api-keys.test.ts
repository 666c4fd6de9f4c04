import fc from "fast-check";
import { beforeEach, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

import { sha256Hex } from "@/lib/crypto";
import { describeEachDb, makeDeveloper } from "../helpers/db";
import * as s from "@/db/schema";
import { auditOf, getKeyRow, rowsContain } from "../helpers/dev-fixtures";
import { fakeClock, makeApi, makeKey, makePolicy, testGateway } from "../helpers/gateway-fixtures";
import { hostileString, RUNS } from "../helpers/hostile-input";
import { dispatch, MGMT_BASE, mgmtWorld, useAsAppDb } from "../helpers/mgmt-client";

// A URL carries well-formed text only: lone surrogates become U+FFFD, as a client would send them.
const enc = (s: string) => encodeURIComponent(s.toWellFormed());

/** R-MGMT-API keys resource and R-KEY-ROTATE through it, with openapi-fetch typed from the document. */
describeEachDb("R-MGMT-API: /api/v1/keys", (getDb, target) => {
  beforeEach(() => useAsAppDb(getDb(), target));

  async function world() {
    const db = getDb();
    const w = await mgmtWorld(db);
    const api = await makeApi(db, w.org.id, "weather", "/weather/");
    const free = await makePolicy(db, w.org.id, { access: [{ apiId: api.id }] });
    const pro = await makePolicy(db, w.org.id, { access: [{ apiId: api.id }], rate: 5000 });
    const dev = await makeDeveloper(db, w.org.id);
    return { ...w, db, api, free, pro, dev };
  }

  it("R-MGMT-API: issue a key for a developer with policies → 201 with the value once; get and list never show it; the audit row names the token", async () => {
    const w = await world();
    const { data, response, error } = await w.client.POST("/api/v1/keys", {
      body: { developer_id: w.dev.id, policy_ids: [w.pro.id, w.free.id], alias: "billing" },
    });
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBe(201);
    const key = data?.key ?? "";
    expect(data).toMatchObject({
      developer_id: w.dev.id,
      alias: "billing",
      status: "active",
      policy_ids: [w.free.id, w.pro.id].sort(),
      previous_key: null,
    });
    expect(key.startsWith(data?.start ?? "-")).toBe(true);
    expect(response.headers.get("location")).toBe(
      `https://portal.example.test/api/v1/keys/${data?.id}`,
    );
    expect((await getKeyRow(w.db, data?.id ?? ""))?.hash).toBe(sha256Hex(key));

    const got = await w.client.GET("/api/v1/keys/{id}", {
      params: { path: { id: data?.id ?? "" } },
    });
    expect(got.data?.id).toBe(data?.id);
    expect(JSON.stringify(got.data)).not.toContain(key);
    const list = await w.client.GET("/api/v1/keys", {
      params: { query: { developer_id: w.dev.id } },
    });
    expect(list.data?.data.map((k) => k.id)).toEqual([data?.id]);
    expect(JSON.stringify(list.data)).not.toContain(key);
    expect(
      (await auditOf(w.db, w.org.id, data?.id ?? "")).map((a) => [
        a.action,
        a.actorType,
        a.actorId,
      ]),
    ).toEqual([["key.created", "api_token", w.tokenId]]);
  });

  it("R-MGMT-API: issue refusals are specific: no policies, another org's policy, an unknown or deactivated developer", async () => {
    const w = await world();
    const other = await world();
    const none = await w.client.POST("/api/v1/keys", {
      body: { developer_id: w.dev.id, policy_ids: [] },
    });
    expect(none.response.status).toBe(400);
    expect(none.error?.errors?.[0]?.pointer).toBe("#/policy_ids");
    const foreign = await w.client.POST("/api/v1/keys", {
      body: { developer_id: w.dev.id, policy_ids: [other.free.id] },
    });
    expect([foreign.response.status, foreign.error?.errors?.[0]?.pointer]).toEqual([
      400,
      "#/policy_ids",
    ]);
    const unknownDev = await w.client.POST("/api/v1/keys", {
      body: { developer_id: other.dev.id, policy_ids: [w.free.id] },
    });
    expect([unknownDev.response.status, unknownDev.error?.code]).toEqual([404, "not_found"]);
    const inactive = await makeDeveloper(w.db, w.org.id, { status: "inactive" });
    const refused = await w.client.POST("/api/v1/keys", {
      body: { developer_id: inactive.id, policy_ids: [w.free.id] },
    });
    expect([refused.response.status, refused.error?.code]).toEqual([409, "conflict"]);
    const list = await w.client.GET("/api/v1/keys", { params: { query: {} } });
    expect(list.data?.data).toEqual([]);
  });

  it("R-MGMT-API: the list filters by developer and status and pages with a cursor; OAuth clients' credential rows are not keys", async () => {
    const w = await world();
    const dev2 = await makeDeveloper(w.db, w.org.id);
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push((await makeKey(w.db, w.org.id, i < 3 ? w.dev.id : dev2.id, [w.free.id])).row);
    const revoked = await makeKey(w.db, w.org.id, w.dev.id, [w.free.id], {
      status: "revoked",
      revokedAt: new Date(),
    });
    const client = await makeKey(w.db, w.org.id, w.dev.id, [w.free.id], { kind: "oauth_client" });

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await w.client.GET("/api/v1/keys", { params: { query: { limit: 2, cursor } } });
      expect(page.response.status).toBe(200);
      seen.push(...(page.data?.data ?? []).map((k) => k.id));
      cursor = page.data?.next_cursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen.sort()).toEqual([...made.map((k) => k.id), revoked.row.id].sort());
    expect(seen).not.toContain(client.row.id);

    const mine = await w.client.GET("/api/v1/keys", {
      params: { query: { developer_id: w.dev.id, status: "active" } },
    });
    expect(mine.data?.data.map((k) => k.id).sort()).toEqual(
      made
        .slice(0, 3)
        .map((k) => k.id)
        .sort(),
    );
    const gone = await w.client.GET("/api/v1/keys", { params: { query: { status: "revoked" } } });
    expect(gone.data?.data.map((k) => k.id)).toEqual([revoked.row.id]);

    for (const path of [
      `/api/v1/keys/${client.row.id}`,
      `/api/v1/keys/${client.row.id}/roll`,
      `/api/v1/keys/${client.row.id}/revoke`,
    ]) {
      const res = await dispatch(`${MGMT_BASE}${path}`, {
        method: path.endsWith(client.row.id) ? "GET" : "POST",
        headers: { authorization: `Bearer ${w.token}`, "content-type": "application/json" },
        body: path.endsWith(client.row.id) ? undefined : "{}",
      });
      expect(res.status, path).toBe(404);
    }
    expect(await getKeyRow(w.db, client.row.id)).toMatchObject({
      status: "active",
      hash: client.row.hash,
    });
  });

  it("R-MGMT-API: change a key's policies (PATCH) and revoke it; a revoked key cannot change or be revoked again (409)", async () => {
    const w = await world();
    const { row } = await makeKey(w.db, w.org.id, w.dev.id, [w.free.id]);
    const changed = await w.client.PATCH("/api/v1/keys/{id}", {
      params: { path: { id: row.id } },
      body: { policy_ids: [w.pro.id] },
    });
    expect(changed.data?.policy_ids).toEqual([w.pro.id]);
    const revoked = await w.client.POST("/api/v1/keys/{id}/revoke", {
      params: { path: { id: row.id } },
    });
    expect(revoked.data).toMatchObject({ id: row.id, status: "revoked" });
    expect(revoked.data?.revoked_at).toEqual(expect.any(String));
    const again = await w.client.POST("/api/v1/keys/{id}/revoke", {
      params: { path: { id: row.id } },
    });
    const patch = await w.client.PATCH("/api/v1/keys/{id}", {
      params: { path: { id: row.id } },
      body: { policy_ids: [w.free.id] },
    });
    const roll = await w.client.POST("/api/v1/keys/{id}/roll", {
      params: { path: { id: row.id } },
      body: { grace_seconds: 60 },
    });
    expect([again, patch, roll].map((r) => [r.response.status, r.error?.code])).toEqual([
      [409, "conflict"],
      [409, "conflict"],
      [409, "conflict"],
    ]);
    expect((await auditOf(w.db, w.org.id, row.id)).map((a) => a.action)).toEqual([
      "key.policy_changed",
      "key.revoked",
    ]);
  });

  it("R-KEY-ROTATE: POST /keys/{id}/roll returns the new value once; the old one passes the gateway as the same key until previous_key.valid_until, then 401", async () => {
    const w = await world();
    const { row, plaintext } = await makeKey(w.db, w.org.id, w.dev.id, [w.free.id]);
    const { data, error, response } = await w.client.POST("/api/v1/keys/{id}/roll", {
      params: { path: { id: row.id } },
      body: { grace_seconds: 3600 },
    });
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      id: row.id,
      policy_ids: [w.free.id],
      previous_key: { start: row.start },
    });
    const newKey = data?.key ?? "";
    const endsAt = Date.parse(data?.previous_key?.valid_until ?? "");
    const clock = fakeClock(Date.now());
    const gw = testGateway(w.db, { now: clock.now });
    const call = (key: string) => gw.verify(w.org.id, { key, path: "/weather/x", method: "GET" });
    expect([(await call(plaintext)).keyId, (await call(newKey)).keyId]).toEqual([row.id, row.id]);
    clock.set(endsAt);
    expect((await call(plaintext)).status).toBe(401);
    expect((await call(newKey)).code).toBe("valid");
    // The default grace is 24 hours; 0 ends the old value at once.
    const dflt = await w.client.POST("/api/v1/keys/{id}/roll", {
      params: { path: { id: row.id } },
      body: {},
    });
    const hours = (Date.parse(dflt.data?.previous_key?.valid_until ?? "") - Date.now()) / 3_600_000;
    expect(Math.round(hours)).toBe(24);
    const now = await w.client.POST("/api/v1/keys/{id}/roll", {
      params: { path: { id: row.id } },
      body: { grace_seconds: 0 },
    });
    expect(now.data?.previous_key).toBeNull();
    expect((await auditOf(w.db, w.org.id, row.id)).map((a) => [a.action, a.actorType])).toEqual([
      ["key.rolled", "api_token"],
      ["key.rolled", "api_token"],
      ["key.rolled", "api_token"],
    ]);
  });

  it("R-KEY-ROTATE: grace_seconds outside 0 … 7 days, or not a whole number, is a 400 pointing at #/grace_seconds and nothing changes", async () => {
    const w = await world();
    const { row } = await makeKey(w.db, w.org.id, w.dev.id, [w.free.id]);
    for (const grace_seconds of [-1, 604801, 1.5, "60", null]) {
      const res = await dispatch(`${MGMT_BASE}/api/v1/keys/${row.id}/roll`, {
        method: "POST",
        headers: { authorization: `Bearer ${w.token}`, "content-type": "application/json" },
        body: JSON.stringify({ grace_seconds }),
      });
      expect(res.status, String(grace_seconds)).toBe(400);
      const body = (await res.json()) as { errors: Array<{ pointer: string }> };
      expect(body.errors[0]?.pointer).toBe("#/grace_seconds");
    }
    expect((await getKeyRow(w.db, row.id))?.hash).toBe(row.hash);
  });

  it("R-MGMT-API, R-KEY-ROTATE: a retry with the same Idempotency-Key neither issues nor rolls twice, and the key's value is never stored for the replay (409 naming the key)", async () => {
    const w = await world();
    const post = (path: string, body: unknown, key: string) =>
      dispatch(`${MGMT_BASE}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${w.token}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        body: JSON.stringify(body),
      });
    const body = { developer_id: w.dev.id, policy_ids: [w.free.id] };
    const first = await post("/api/v1/keys", body, "issue-1");
    expect(first.status).toBe(201);
    const issued = (await first.json()) as { id: string; key: string };
    const again = await post("/api/v1/keys", body, "issue-1");
    expect(again.status).toBe(409);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const replay = (await again.json()) as { code: string; detail: string };
    expect(replay.code).toBe("conflict");
    expect(replay.detail).toContain(issued.id);
    const list = await w.client.GET("/api/v1/keys", {
      params: { query: { developer_id: w.dev.id } },
    });
    expect(list.data?.data).toHaveLength(1);

    const rolled = await post(`/api/v1/keys/${issued.id}/roll`, { grace_seconds: 60 }, "roll-1");
    const { key: newKey } = (await rolled.json()) as { key: string };
    const rollAgain = await post(`/api/v1/keys/${issued.id}/roll`, { grace_seconds: 60 }, "roll-1");
    expect(rollAgain.status).toBe(409);
    expect((await getKeyRow(w.db, issued.id))?.hash).toBe(sha256Hex(newKey));
    // Neither value is anywhere in the idempotency records.
    const stored = await w.db.select().from(s.apiIdempotency);
    expect(rowsContain(stored, issued.key)).toBe(false);
    expect(rowsContain(stored, newKey)).toBe(false);
    expect(stored.filter((r) => r.orgId === w.org.id)).toHaveLength(2);
  });

  it("R-MGMT-API: another organisation's token, no token, and hostile ids or bodies are refused (404 / 401 / 4xx), never a 500, and nothing changes", async () => {
    const w = await world();
    const other = await world();
    const { row } = await makeKey(w.db, w.org.id, w.dev.id, [w.free.id]);
    const theirs = other.client;
    const get = await theirs.GET("/api/v1/keys/{id}", { params: { path: { id: row.id } } });
    const roll = await theirs.POST("/api/v1/keys/{id}/roll", {
      params: { path: { id: row.id } },
      body: { grace_seconds: 60 },
    });
    const revoke = await theirs.POST("/api/v1/keys/{id}/revoke", {
      params: { path: { id: row.id } },
    });
    const patch = await theirs.PATCH("/api/v1/keys/{id}", {
      params: { path: { id: row.id } },
      body: { policy_ids: [other.free.id] },
    });
    const issue = await theirs.POST("/api/v1/keys", {
      body: { developer_id: w.dev.id, policy_ids: [other.free.id] },
    });
    expect([get, roll, revoke, patch, issue].map((r) => r.response.status)).toEqual([
      404, 404, 404, 404, 404,
    ]);
    const list = await theirs.GET("/api/v1/keys", {
      params: { query: { developer_id: w.dev.id } },
    });
    expect(list.data?.data).toEqual([]);
    const anon = await dispatch(`${MGMT_BASE}/api/v1/keys/${row.id}/roll`, { method: "POST" });
    expect(anon.status).toBe(401);

    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (id, value) => {
        for (const [method, path, body] of [
          ["GET", `/api/v1/keys/${enc(id)}`, undefined],
          ["POST", `/api/v1/keys/${row.id}/roll`, JSON.stringify({ grace_seconds: value })],
          ["POST", "/api/v1/keys", JSON.stringify({ developer_id: id, policy_ids: [value] })],
          ["PATCH", `/api/v1/keys/${row.id}`, JSON.stringify({ policy_ids: value })],
          ["GET", `/api/v1/keys?status=${enc(value)}&cursor=${enc(id)}`, undefined],
        ] as const) {
          const res = await dispatch(`${MGMT_BASE}${path}`, {
            method,
            headers: { authorization: `Bearer ${w.token}`, "content-type": "application/json" },
            body,
          });
          expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${method} ${path}`).toBeLessThan(500);
        }
      }),
      RUNS,
    );
    expect(await getKeyRow(w.db, row.id)).toMatchObject({ hash: row.hash, status: "active" });
  });
});

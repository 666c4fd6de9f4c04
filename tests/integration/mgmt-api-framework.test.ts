import { and, eq, inArray, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

import * as s from "@/db/schema";
import { encodeCursor } from "@/lib/api/pagination";
import { ApiRateLimiter, MemoryRateCounter, setApiRateLimiter } from "@/lib/api/rate-limit";
import { describeEachDb } from "../helpers/db";
import { failWritesOf } from "../helpers/db-fault";
import { emailsOf } from "../helpers/portal-fixtures";
import { dispatch, MGMT_BASE, mgmtWorld, useAsAppDb } from "../helpers/mgmt-client";

/**
 * R-MGMT-API framework (lib/api/route.ts): cursor pagination, Idempotency-Key, the per-token rate
 * limit and RFC 9457 problems, driven through openapi-fetch typed from the document.
 */
describeEachDb("R-MGMT-API: pagination, idempotency, rate limits", (getDb, target) => {
  beforeEach(() => useAsAppDb(getDb(), target));
  afterEach(() => setApiRateLimiter(undefined));

  it("R-MGMT-API: a list walks every row exactly once with limit + next_cursor, rows created in the same microsecond included; the last page's next_cursor is null", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await w.pendingRequest()).requestId);
    // Five of them share one created_at: the cursor's id breaks the tie.
    await db
      .update(s.keyRequests)
      .set({ createdAt: sql`'2026-01-01T00:00:00.123456Z'::timestamptz` })
      .where(inArray(s.keyRequests.id, ids.slice(1, 6)));

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const { data, error, response } = await w.client.GET("/api/v1/key-requests", {
        params: { query: { limit: 3, cursor } },
      });
      expect(error, JSON.stringify(error)).toBeUndefined();
      expect(response.status).toBe(200);
      if (!data) throw new Error("no data");
      sizes.push(data.data.length);
      seen.push(...data.data.map((r) => r.id));
      if (!data.next_cursor) break;
      cursor = data.next_cursor;
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen.length).toBe(7);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("R-MGMT-API: a tampered or foreign-shaped cursor and a limit out of range are 400 problems naming the parameter", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    for (const query of [
      { cursor: "not-a-cursor!" },
      { cursor: Buffer.from('["yesterday","kreq_1"]').toString("base64url") },
      { cursor: Buffer.from("{}").toString("base64url") },
      { cursor: encodeCursor({ at: "2026-01-01T00:00:00.000000Z", id: "x'; drop table" }) },
      { limit: 0 },
      { limit: 101 },
    ]) {
      const { error, response } = await w.client.GET("/api/v1/key-requests", {
        params: { query },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(error).toMatchObject({
        type: "https://gatehouse.dev/problems/invalid_request",
        status: 400,
        code: "invalid_request",
      });
      expect(error?.errors?.[0]?.parameter).toBe(Object.keys(query)[0]);
    }
  });

  it("R-MGMT-API: the same Idempotency-Key replays the first answer without deciding again; another body with it is 422; another token's same key is its own", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const { requestId } = await w.pendingRequest();
    const approve = (key: string, client = w.client) =>
      client.POST("/api/v1/key-requests/{id}/approve", {
        params: { path: { id: requestId }, header: { "Idempotency-Key": key } },
      });

    const first = await approve("approve-1");
    expect(first.response.status).toBe(200);
    expect(first.data).toMatchObject({ id: requestId, status: "approved" });
    const again = await approve("approve-1");
    // Without the key a second approval is a 409 (already decided); with it, the first answer.
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data).toEqual(first.data);
    const keys = await db.select().from(s.keys).where(eq(s.keys.orgId, w.org.id));
    expect(keys).toHaveLength(1);
    expect((await emailsOf(db, w.org.id)).filter((m) => m.template === "keyApproved")).toHaveLength(
      1,
    );

    const other = await w.client.POST("/api/v1/key-requests/{id}/decline", {
      params: { path: { id: requestId }, header: { "Idempotency-Key": "approve-1" } },
      body: { reason: "changed my mind" },
    });
    expect(other.response.status).toBe(422);
    expect(other.error).toMatchObject({ code: "idempotency_key_reused", status: 422 });

    // Keys belong to the token: from another organisation's token the same key runs anew (a 404).
    const second = await mgmtWorld(db);
    const foreign = await second.client.POST("/api/v1/key-requests/{id}/approve", {
      params: { path: { id: requestId }, header: { "Idempotency-Key": "approve-1" } },
    });
    expect(foreign.response.status).toBe(404);
    expect(foreign.response.headers.get("idempotent-replayed")).toBeNull();
  });

  it("R-MGMT-API: refusals are replayed too (same body, same 4xx); a key still in flight is a 409 with Retry-After, taken over after 2 minutes; after 24 h the key is free again", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const { requestId } = await w.pendingRequest();
    const decline = (key: string, reason: string) =>
      w.client.POST("/api/v1/key-requests/{id}/decline", {
        params: { path: { id: requestId }, header: { "Idempotency-Key": key } },
        body: { reason },
      });
    const long = "x".repeat(501);
    const bad = await decline("k-400", long);
    expect(bad.response.status).toBe(400);
    const badAgain = await decline("k-400", long);
    expect([
      badAgain.response.status,
      badAgain.response.headers.get("idempotent-replayed"),
    ]).toEqual([400, "true"]);
    expect(badAgain.response.headers.get("content-type")).toBe("application/problem+json");
    expect(badAgain.error).toEqual(bad.error);

    // A first request that is still running (its row has no answer yet).
    await db.insert(s.apiIdempotency).values({
      orgId: w.org.id,
      tokenId: w.tokenId,
      key: "k-running",
      method: "POST",
      path: `/api/v1/key-requests/${requestId}/decline`,
      requestHash: "whatever",
    });
    const running = await decline("k-running", "no");
    expect(running.response.status).toBe(422); // another body than the running one
    await db
      .update(s.apiIdempotency)
      .set({
        requestHash: (await import("@/lib/crypto")).sha256Hex(
          `POST /api/v1/key-requests/${requestId}/decline\n${JSON.stringify({ reason: "no" })}`,
        ),
      })
      .where(and(eq(s.apiIdempotency.tokenId, w.tokenId), eq(s.apiIdempotency.key, "k-running")));
    const inFlight = await decline("k-running", "no");
    expect(inFlight.response.status).toBe(409);
    expect(inFlight.error?.code).toBe("idempotency_in_flight");
    expect(inFlight.response.headers.get("retry-after")).toBe("1");
    expect(
      (await db.select().from(s.keyRequests).where(eq(s.keyRequests.id, requestId)))[0]?.status,
    ).toBe("pending");

    // A first request "running" for over two minutes died with its process: the retry takes over.
    await db
      .update(s.apiIdempotency)
      .set({ createdAt: new Date(Date.now() - 3 * 60_000) })
      .where(eq(s.apiIdempotency.tokenId, w.tokenId));
    const takenOver = await decline("k-running", "no");
    expect(takenOver.response.status).toBe(200);
    expect(takenOver.data).toMatchObject({ status: "declined", reason: "no" });

    // 25 hours later the stored answer has expired: the same key with another body runs (here a
    // 409: the request is decided) instead of being a 422 or a replay.
    await db
      .update(s.apiIdempotency)
      .set({ createdAt: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(s.apiIdempotency.tokenId, w.tokenId));
    const later = await decline("k-running", "another reason");
    expect(later.response.status).toBe(409);
    expect(later.error?.code).toBe("conflict");
    expect(later.response.headers.get("idempotent-replayed")).toBeNull();
  });

  it("R-MGMT-API: a request that fails on our side (500) is not stored: the retry with the same Idempotency-Key runs and succeeds", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const { dev, requestId } = await w.pendingRequest();
    const approve = () =>
      w.client.POST("/api/v1/key-requests/{id}/approve", {
        params: { path: { id: requestId }, header: { "Idempotency-Key": "retry-me" } },
      });
    // The database refuses this developer's key insert mid-approval: the transaction rolls back.
    const heal = await failWritesOf(db, {
      table: "keys",
      op: "INSERT",
      column: "developer_id",
      value: dev.id,
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const failed = await approve();
      expect(failed.response.status).toBe(500);
      expect(failed.error).toMatchObject({ code: "internal", status: 500 });
      expect(JSON.stringify(failed.error)).not.toContain("injected fault");
    } finally {
      errors.mockRestore();
      await heal();
    }
    expect(
      await db.select().from(s.apiIdempotency).where(eq(s.apiIdempotency.tokenId, w.tokenId)),
    ).toEqual([]);
    const retried = await approve();
    expect(retried.response.status).toBe(200);
    expect(retried.response.headers.get("idempotent-replayed")).toBeNull();
    expect(retried.data?.status).toBe("approved");
    const replay = await approve();
    expect(replay.response.headers.get("idempotent-replayed")).toBe("true");
  });

  it("R-MGMT-API: an invalid Idempotency-Key is a 400 and nothing runs", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const { requestId } = await w.pendingRequest();
    for (const key of ["", "x".repeat(256), "with space", "naïve"]) {
      const res = await dispatch(
        new Request(`${MGMT_BASE}/api/v1/key-requests/${requestId}/approve`, {
          method: "POST",
          headers: { authorization: `Bearer ${w.token}`, "idempotency-key": key },
        }),
      ).catch(() => null);
      // "naïve" cannot even be sent as a header value (fetch refuses it): nothing to check.
      if (!res) continue;
      expect(res.status).toBe(400);
      expect(
        ((await res.json()) as { errors: Array<{ parameter: string }> }).errors[0]?.parameter,
      ).toBe("Idempotency-Key");
    }
    expect(
      (await db.select().from(s.keyRequests).where(eq(s.keyRequests.id, requestId)))[0]?.status,
    ).toBe("pending");
  });

  it("R-MGMT-API: each token has its own rate limit: RateLimit-* headers count down, then 429 with Retry-After; the next window allows again", async () => {
    const db = getDb();
    let now = Date.UTC(2026, 10, 26, 12, 0, 10);
    setApiRateLimiter(
      new ApiRateLimiter({
        limit: 3,
        windowMs: 60_000,
        now: () => now,
        counter: new MemoryRateCounter(() => now),
      }),
    );
    const a = await mgmtWorld(db);
    const b = await mgmtWorld(db);
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const r = await a.client.GET("/api/v1/key-requests");
      expect(r.response.status).toBe(200);
      expect(r.response.headers.get("ratelimit-limit")).toBe("3");
      expect(r.response.headers.get("ratelimit-policy")).toBe("3;w=60");
      remaining.push(r.response.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await a.client.GET("/api/v1/key-requests");
    expect(limited.response.status).toBe(429);
    expect(limited.error).toMatchObject({
      type: "https://gatehouse.dev/problems/rate_limited",
      code: "rate_limited",
      status: 429,
    });
    expect(limited.response.headers.get("retry-after")).toBe("50");
    expect(limited.response.headers.get("ratelimit-reset")).toBe("50");
    // A POST refused by the limit does nothing either.
    const { requestId } = await a.pendingRequest();
    const refused = await a.client.POST("/api/v1/key-requests/{id}/approve", {
      params: { path: { id: requestId } },
    });
    expect(refused.response.status).toBe(429);
    expect(
      (await db.select().from(s.keyRequests).where(eq(s.keyRequests.id, requestId)))[0]?.status,
    ).toBe("pending");

    // Another token of another organisation is not affected.
    expect((await b.client.GET("/api/v1/key-requests")).response.status).toBe(200);
    now += 50_000;
    const next = await a.client.GET("/api/v1/key-requests");
    expect(next.response.status).toBe(200);
    expect(next.response.headers.get("ratelimit-remaining")).toBe("2");
  });

  it("R-MGMT-API: no token, a malformed header, an unknown token: 401 problem with WWW-Authenticate, before the rate limit counts", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    for (const authorization of [undefined, "Bearer", `Basic ${w.token}`, `Bearer ${w.token}x`]) {
      const res = await dispatch(
        new Request(`${MGMT_BASE}/api/v1/key-requests`, {
          headers: authorization ? { authorization } : {},
        }),
      );
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(res.headers.get("ratelimit-limit")).toBeNull();
      expect(await res.json()).toMatchObject({
        type: "https://gatehouse.dev/problems/unauthorized",
        title: "Unauthorized",
        status: 401,
        code: "unauthorized",
      });
    }
  });
});

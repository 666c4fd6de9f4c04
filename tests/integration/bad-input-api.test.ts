import fc from "fast-check";
import { beforeEach, expect, it } from "vitest";
import { POST as approveRoute } from "@/app/api/v1/key-requests/[id]/approve/route";
import { POST as declineRoute } from "@/app/api/v1/key-requests/[id]/decline/route";
import type { DbHandle } from "@/db";
import { getKeyRequest } from "@/db/queries/key-requests";
import type { KeyRequest } from "@/db/schema";
import { requestKey } from "@/lib/keyrequests/request";
import { expectCleanText } from "../helpers/bad-input-actions";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { makeGatewayToken } from "../helpers/gateway-fixtures";
import {
  hostileJsonValue,
  hostileString,
  MEGABYTE,
  rowCounts,
  RUNS,
  withHostileFields,
} from "../helpers/hostile-input";
import { makeEntry } from "../helpers/portal-fixtures";

/**
 * R-SEC-BAD-INPUT on the management API (POST /api/v1/key-requests/{id}/decline|approve), through
 * the route handlers themselves: hostile reasons, wrong JSON types, unknown keys, bodies that are
 * not JSON or not UTF-8, bodies over the limit and malformed ids all get a 4xx problem document
 * with a message, never a 500, and leave the request pending.
 */

const BASE = "https://portal.example.test";

async function problemOf(res: Response) {
  expect(res.status, await res.clone().text()).toBeLessThan(500);
  if (res.status < 400) return null;
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as { code?: string; detail?: string; status?: number };
  expect(body.detail).toMatch(/\w/);
  expect(body.status).toBe(res.status);
  return body;
}

describeEachDb("R-SEC-BAD-INPUT: management API bodies and ids", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
  });

  async function world() {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "webhook" });
    const { entry } = await makeEntry(db, org.id);
    const token = await makeGatewayToken(db, org.id, "management");
    let pending: KeyRequest | null = null;
    const pendingRequest = async (): Promise<KeyRequest> => {
      if (pending) pending = await getKeyRequest(db, org.id, pending.id);
      if (pending?.status === "pending") return pending;
      const dev = await makeDeveloper(db, org.id);
      const r = await requestKey(db, org, dev, entry, {});
      if (!r.ok || r.value.kind !== "pending")
        throw new Error(`unexpected ${r.ok ? r.value.kind : r.message}`);
      pending = await getKeyRequest(db, org.id, r.value.requestId);
      if (!pending) throw new Error("request vanished");
      return pending;
    };
    const call = (
      route: typeof declineRoute,
      id: string,
      body: BodyInit | null,
      headers: Record<string, string> = {},
    ) =>
      route(
        // The route reads the id from its params (Next decodes the path); the URL is not used.
        new Request(`${BASE}/api/v1/key-requests/id/decision`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token.plaintext}`,
            "content-type": "application/json",
            ...headers,
          },
          body,
        }),
        { params: Promise.resolve({ id }) },
      );
    return {
      db,
      org,
      pendingRequest,
      call,
      refresh: (id: string) => getKeyRequest(db, org.id, id),
    };
  }

  it("R-SEC-BAD-INPUT: any decline body (hostile reason, wrong types, extra keys, not JSON) gets a 4xx problem or declines with a clean reason", async () => {
    const w = await world();
    const body = fc.oneof(
      {
        weight: 4,
        arbitrary: withHostileFields(
          { reason: "Use the sandbox first." },
          ["reason"],
          hostileJsonValue,
        ).map((v) => JSON.stringify(v)),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(hostileString, hostileJsonValue)
          .map(([k, v]) => JSON.stringify({ reason: "ok", [k]: v })),
      },
      { weight: 1, arbitrary: hostileString },
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const request = await w.pendingRequest();
        const before = await rowCounts(w.db, w.org.id);
        const error = await problemOf(await w.call(declineRoute, request.id, text));
        const after = await w.refresh(request.id);
        if (error) {
          expect(after?.status).toBe("pending");
          expect(await rowCounts(w.db, w.org.id)).toEqual(before);
        } else {
          expect(after?.status).toBe("declined");
          expectCleanText(after?.declineReason);
        }
      }),
      RUNS,
    );
  }, 120_000);

  it("R-SEC-BAD-INPUT: malformed ids (NUL, another record's prefix, 1 MB) are 404 before any query, for approve and decline", async () => {
    const w = await world();
    const request = await w.pendingRequest();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileString,
          fc.constantFrom("dev_abc", "kreq_", "kreq_a\u0000b", `kreq_${MEGABYTE}`),
        ),
        fc.boolean(),
        async (id, approve) => {
          const error = await problemOf(
            await w.call(approve ? approveRoute : declineRoute, id, approve ? null : "{}"),
          );
          expect(error?.code).toBe("not_found");
          expect((await w.refresh(request.id))?.status).toBe("pending");
        },
      ),
      RUNS,
    );
  }, 120_000);

  it("R-SEC-BAD-INPUT: a body over 64 KB, announced or not, and a body that is not UTF-8 are refused with a problem document", async () => {
    const w = await world();
    const request = await w.pendingRequest();
    const big = JSON.stringify({ reason: "x".repeat(70 * 1024) });
    expect(await problemOf(await w.call(declineRoute, request.id, big))).toMatchObject({
      code: "payload_too_large",
    });
    const unannounced = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const res = await declineRoute(
      new Request(`${BASE}/api/v1/key-requests/${request.id}/decline`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${(await makeGatewayToken(w.db, w.org.id, "management")).plaintext}`,
        },
        body: unannounced,
        duplex: "half",
      } as RequestInit),
      { params: Promise.resolve({ id: request.id }) },
    );
    expect(res.status).toBe(413);
    expect(
      await problemOf(
        await w.call(declineRoute, request.id, new Uint8Array([0x7b, 0xc3, 0x28, 0x7d])),
      ),
    ).toMatchObject({ code: "invalid_request" });
    expect((await w.refresh(request.id))?.status).toBe("pending");
  });
});

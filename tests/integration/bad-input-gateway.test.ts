import fc from "fast-check";
import { expect, it } from "vitest";
import { handleUsage, handleVerify, type GatewayResponse } from "@/lib/gateway/http";
import { describeEachDb } from "../helpers/db";
import { makeGatewayWorld, testGateway } from "../helpers/gateway-fixtures";
import {
  hostileJsonValue,
  hostileString,
  jsonField,
  rowCounts,
  RUNS,
  withHostileFields,
} from "../helpers/hostile-input";

/**
 * R-SEC-BAD-INPUT on the gateway's JSON bodies (POST /api/gateway/verify and /usage), through the
 * functions the route handlers and the standalone verifier call: whatever the body, the answer
 * is a decision (200) or a 4xx problem with a message, never a 500, and a refused usage batch
 * writes nothing.
 */

const headersOf = (token: string) => (name: string) =>
  name.toLowerCase() === "x-gatehouse-gateway-token" ? token : null;

function expectAnswered(r: GatewayResponse) {
  expect(r.status, r.body.slice(0, 300)).toBeLessThan(500);
  if (r.status >= 400) {
    const parsed = JSON.parse(r.body) as { error?: { code?: string; message?: string } };
    expect(parsed.error?.message).toMatch(/\w/);
  }
}

describeEachDb("R-SEC-BAD-INPUT: gateway bodies", (getDb) => {
  it("R-SEC-BAD-INPUT: any verify body (hostile strings, wrong JSON types, not JSON) gets a decision or a 4xx with a message", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db);
    const valid = { key: w.key.plaintext, api: w.weather.slug, path: "/weather/a", method: "GET" };
    const body = fc.oneof(
      {
        weight: 4,
        arbitrary: withHostileFields(valid, ["key", "api", "path", "method"], hostileJsonValue),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          key: jsonField(valid.key),
          api: jsonField(valid.api),
          path: jsonField(valid.path),
          method: jsonField("GET"),
        }),
      },
      { weight: 1, arbitrary: hostileString },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const text = typeof b === "string" ? b : JSON.stringify(b);
        expectAnswered(await handleVerify(gw, headersOf(w.token.plaintext), text));
      }),
      RUNS,
    );
    await gw.close();
  });

  it("R-SEC-BAD-INPUT: any usage batch gets 200 or a 4xx with a message; a refused batch writes no row", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db);
    const record = withHostileFields(
      {
        keyId: w.key.row.id,
        api: w.weather.slug,
        timestamp: Date.now(),
        status: 200,
        count: 1,
      } as Record<string, unknown>,
      ["key", "keyId", "api", "path", "timestamp", "status", "count"],
      hostileJsonValue,
    );
    const body = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          batchId: fc.uuid(),
          records: fc.array(record, { minLength: 1, maxLength: 3 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          batchId: jsonField("batch-1"),
          records: fc.oneof(fc.array(record, { maxLength: 2 }), hostileJsonValue),
        }),
      },
      { weight: 1, arbitrary: hostileString },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await rowCounts(db, w.org.id);
        const text = typeof b === "string" ? b : JSON.stringify(b);
        const r = await handleUsage(gw, headersOf(w.token.plaintext), text);
        expectAnswered(r);
        if (r.status >= 400) expect(await rowCounts(db, w.org.id)).toEqual(before);
      }),
      RUNS,
    );
    await gw.close();
  });
});

import { eq, sum } from "drizzle-orm";
import { expect, it } from "vitest";
import { usageHourly } from "@/db/schema";
import { handleAuth, handleUsage, handleVerify } from "@/lib/gateway/http";
import { describeEachDb } from "../helpers/db";
import { makeGatewayWorld, makeKey, makePolicy, testGateway } from "../helpers/gateway-fixtures";
import { HOSTILE_PATHS } from "../helpers/hostile-paths";

const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()] ?? null;

describeEachDb(
  "R-SEC-GW-PATH: /auth, /verify and /usage judge the same canonical path",
  (getDb) => {
    it("R-SEC-GW-PATH: an encoded climb out of Weather is judged (and counted) as Payments, or refused with 400", async () => {
      const db = getDb();
      const w = await makeGatewayWorld(db);
      const gw = testGateway(db);
      const auth = (uri: string) =>
        handleAuth(
          gw,
          headers({
            "x-gatehouse-gateway-token": w.token.plaintext,
            "x-original-uri": uri,
            "x-api-key": w.key.plaintext,
          }),
          "GET",
        );
      // The key opens Weather only.
      expect((await auth("/weather/x")).status).toBe(200);
      for (const uri of [
        "/weather/..%2Fpayments/x",
        "/weather/%2e%2e%2fpayments/x",
        "/weather/..%2fpayments/x",
      ]) {
        const r = await auth(uri);
        expect([uri, r.status, JSON.parse(r.body).error.code]).toEqual([uri, 403, "no_access"]);
      }
      for (const uri of [
        "/weather/..%5Cpayments/x",
        "/weather/..%252Fpayments/x",
        "/weather/%zz",
        "/weather/..;/payments/x",
      ]) {
        const r = await auth(uri);
        expect([uri, r.status, r.headers["x-gatehouse-code"]]).toEqual([uri, 400, "bad_request"]);
        expect(JSON.parse(r.body).error.message).toMatch(/^Refused: The path /);
      }
      await gw.flush();
      // Nothing of the refused or climbing calls was counted against Weather.
      const [row] = await db
        .select({ requests: sum(usageHourly.requests) })
        .from(usageHourly)
        .where(eq(usageHourly.apiId, w.weather.id));
      expect(Number(row?.requests ?? 0)).toBe(1);
    });

    it("R-SEC-GW-PATH: the JSON verify endpoint applies the same table to `path`", async () => {
      const db = getDb();
      const w = await makeGatewayWorld(db);
      const p = await makePolicy(db, w.org.id, { access: [{ apiId: w.payments.id }] });
      const paymentsKey = await makeKey(db, w.org.id, w.developer.id, [p.id]);
      const gw = testGateway(db);
      const verify = async (key: string, path: string) => {
        const r = await handleVerify(
          gw,
          headers({ authorization: `Bearer ${w.token.plaintext}` }),
          JSON.stringify({ key, path }),
        );
        return { status: r.status, body: JSON.parse(r.body) };
      };
      for (const h of HOSTILE_PATHS) {
        const forWeather = await verify(w.key.plaintext, h.path);
        const forPayments = await verify(paymentsKey.plaintext, h.path);
        if (h.judged === "refused") {
          expect([h.path, forWeather.status, forWeather.body.error?.code]).toEqual([
            h.path,
            400,
            "bad_request",
          ]);
          continue;
        }
        expect([h.path, forWeather.body.valid]).toEqual([h.path, h.judged === "weather"]);
        expect([h.path, forPayments.body.valid]).toEqual([h.path, h.judged === "payments"]);
      }
    });

    it("R-SEC-GW-PATH: posted usage records with a hostile path are rejected as invalid_path, others counted on the canonical API", async () => {
      const db = getDb();
      const w = await makeGatewayWorld(db);
      const gw = testGateway(db);
      const now = Date.now();
      const res = await handleUsage(
        gw,
        headers({ authorization: `Bearer ${w.token.plaintext}` }),
        JSON.stringify({
          batchId: "b-path",
          records: [
            { keyId: w.key.row.id, path: "/payments/..%2Fweather/x", timestamp: now, status: 200 },
            { keyId: w.key.row.id, path: "/weather/..%5Cpayments/x", timestamp: now, status: 200 },
            { keyId: w.key.row.id, path: "/weather/%00", timestamp: now, status: 200 },
          ],
        }),
      );
      expect(JSON.parse(res.body)).toEqual({
        batchId: "b-path",
        duplicate: false,
        accepted: 1,
        rejected: [
          { index: 1, reason: "invalid_path" },
          { index: 2, reason: "invalid_path" },
        ],
      });
      const rows = await db.select().from(usageHourly).where(eq(usageHourly.keyId, w.key.row.id));
      expect(rows.map((r) => [r.apiId, r.requests])).toEqual([[w.weather.id, 1]]);
    });
  },
);

import { expect, it } from "vitest";
import { setKeyIpRules } from "@/lib/keys/ip-rules";
import { handleAuth, handleVerify } from "@/lib/gateway/http";
import { adminActor } from "@/lib/outcome";
import { describeEachDb, makeAdmin } from "../helpers/db";
import { makeGatewayWorld, testGateway } from "../helpers/gateway-fixtures";

const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()] ?? null;

describeEachDb("R-KEY-IP-ALLOW: the gateway applies a key's IP rules", (getDb) => {
  it("R-KEY-IP-ALLOW: /auth allows the key from its ranges (X-Real-IP) and refuses others with 403 ip_not_allowed, counted; a rule change applies at once", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const actor = adminActor((await makeAdmin(db, w.org.id)).id);
    const gw = testGateway(db);
    const call = (ip?: string) =>
      handleAuth(
        gw,
        headers({
          "x-gatehouse-gateway-token": w.token.plaintext,
          "x-original-uri": "/weather/today",
          "x-api-key": w.key.plaintext,
          ...(ip ? { "x-real-ip": ip } : {}),
        }),
        "GET",
      );
    // No rules: any address, or none told.
    expect((await call("198.51.100.1")).status).toBe(200);
    expect((await call()).status).toBe(200);

    expect(
      (await setKeyIpRules(db, w.org.id, w.key.row.id, ["203.0.113.0/24", "2001:db8::/32"], actor))
        .ok,
    ).toBe(true);
    // The console's change drops the cached entry (keysChanged): the next call is judged anew.
    gw.invalidate({ type: "key", id: w.key.row.id });
    expect((await call("203.0.113.77")).status).toBe(200);
    expect((await call("::ffff:203.0.113.5")).status).toBe(200);
    expect((await call("2001:db8:1::9")).status).toBe(200);
    const refused = await call("198.51.100.1");
    expect([refused.status, refused.headers["x-gatehouse-code"]]).toEqual([403, "ip_not_allowed"]);
    // A key with rules and no address told is refused too.
    expect((await call()).headers["x-gatehouse-code"]).toBe("ip_not_allowed");

    const verified = await handleVerify(
      gw,
      headers({ "x-gatehouse-gateway-token": w.token.plaintext }),
      JSON.stringify({ key: w.key.plaintext, path: "/weather/x", client_ip: "198.51.100.1" }),
    );
    expect(JSON.parse(verified.body)).toMatchObject({
      valid: false,
      code: "ip_not_allowed",
      status: 403,
    });
  });
});

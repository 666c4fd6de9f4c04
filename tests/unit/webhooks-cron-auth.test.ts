import { describe, expect, it } from "vitest";
import { authorizeCron } from "@/lib/webhooks/cron";

const SECRET = "cron-secret-0123456789";
const req = (
  over: Partial<{
    authorization: string | null;
    forwardedFor: string | null;
    host: string | null;
  }> = {},
) => ({
  authorization: null,
  forwardedFor: "127.0.0.1",
  host: "localhost:3000",
  ...over,
});

describe("R-WEBHOOKS: who may call /api/cron/deliver", () => {
  it("R-WEBHOOKS: with CRON_SECRET set, only Authorization: Bearer <CRON_SECRET> passes (loopback or not)", () => {
    const config = { cronSecret: SECRET, nodeEnv: "production" };
    expect(
      authorizeCron(
        req({
          authorization: `Bearer ${SECRET}`,
          forwardedFor: "203.0.113.9",
          host: "portal.example",
        }),
        config,
      ),
    ).toEqual({ ok: true });
    expect(authorizeCron(req({ authorization: `bearer ${SECRET}` }), config).ok).toBe(true);
    for (const authorization of [
      null,
      "",
      SECRET,
      `Bearer ${SECRET}x`,
      `Bearer ${SECRET.slice(1)}`,
      `Basic ${SECRET}`,
    ]) {
      expect(authorizeCron(req({ authorization }), config)).toMatchObject({
        ok: false,
        code: "unauthorized",
      });
    }
    // Loopback does not bypass a configured secret, not even in development.
    expect(authorizeCron(req(), { cronSecret: SECRET, nodeEnv: "development" })).toMatchObject({
      ok: false,
      code: "unauthorized",
    });
  });

  it("R-WEBHOOKS: without CRON_SECRET, only loopback requests in development", () => {
    const dev = { cronSecret: undefined, nodeEnv: "development" };
    expect(authorizeCron(req(), dev)).toEqual({ ok: true });
    expect(authorizeCron(req({ forwardedFor: "::1", host: "127.0.0.1:3000" }), dev)).toEqual({
      ok: true,
    });
    expect(
      authorizeCron(req({ forwardedFor: "::ffff:127.0.0.1", host: "[::1]:3000" }), dev),
    ).toEqual({ ok: true });
    expect(authorizeCron(req({ forwardedFor: "192.168.1.20" }), dev)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(authorizeCron(req({ forwardedFor: "127.0.0.1, 198.51.100.7" }), dev)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(authorizeCron(req({ forwardedFor: null }), dev)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(authorizeCron(req({ host: "portal.example" }), dev)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    for (const nodeEnv of ["production", "test"]) {
      expect(authorizeCron(req(), { cronSecret: null, nodeEnv })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
  });
});

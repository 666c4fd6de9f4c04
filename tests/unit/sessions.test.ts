import { decode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionCookieConfig } from "@/lib/auth/session-cookie";
import {
  cappedMaxAge,
  clientInfoFromHeaders,
  encodeSessionToken,
  type SessionTokenClaims,
} from "@/lib/auth/session-token";
import { parseEnv } from "@/lib/env";
import { describeDevice } from "@/lib/sessions/device";
import {
  longestSessionSeconds,
  sessionLimits,
  sessionVerdict,
  shouldTouch,
} from "@/lib/sessions/policy";

const MIN = 60_000;
const HOUR = 60 * MIN;
const baseEnv = { AUTH_SECRET: "x".repeat(32), GATEHOUSE_DATA_DIR: "/tmp/gatehouse-unit" };

describe("R-SEC-SESSIONS: timeouts from the environment", () => {
  it("R-SEC-SESSIONS: defaults — admins 30 min idle / 12 h absolute, developers 7 days / 30 days", () => {
    const e = parseEnv(baseEnv);
    expect(sessionLimits(e, "admin")).toEqual({ idleMs: 30 * MIN, absoluteMs: 12 * HOUR });
    expect(sessionLimits(e, "developer")).toEqual({
      idleMs: 7 * 24 * HOUR,
      absoluteMs: 720 * HOUR,
    });
    expect(longestSessionSeconds(e)).toBe(720 * 3600);
  });

  it("R-SEC-SESSIONS: configured values are used; the seconds override wins over minutes", () => {
    const e = parseEnv({
      ...baseEnv,
      SESSION_IDLE_MINUTES_ADMIN: "15",
      SESSION_ABSOLUTE_HOURS_ADMIN: "8",
      SESSION_IDLE_MINUTES_DEVELOPER: "60",
      SESSION_ABSOLUTE_HOURS_DEVELOPER: "24",
      SESSION_IDLE_SECONDS_DEVELOPER: "5",
    });
    expect(sessionLimits(e, "admin")).toEqual({ idleMs: 15 * MIN, absoluteMs: 8 * HOUR });
    expect(sessionLimits(e, "developer")).toEqual({ idleMs: 5000, absoluteMs: 24 * HOUR });
    expect(longestSessionSeconds(e)).toBe(24 * 3600);
  });

  it("R-SEC-SESSIONS: nonsense values stop the start-up with a clear error", () => {
    expect(() => parseEnv({ ...baseEnv, SESSION_IDLE_MINUTES_ADMIN: "0" })).toThrow(
      /SESSION_IDLE_MINUTES_ADMIN/,
    );
    expect(() => parseEnv({ ...baseEnv, SESSION_ABSOLUTE_HOURS_DEVELOPER: "soon" })).toThrow(
      /SESSION_ABSOLUTE_HOURS_DEVELOPER/,
    );
  });
});

describe("R-SEC-SESSIONS: the row decides (verdict and touch)", () => {
  const limits = { idleMs: 30 * MIN, absoluteMs: 12 * HOUR };
  const t0 = new Date("2026-03-01T00:00:00Z");
  const plus = (ms: number) => new Date(t0.getTime() + ms);
  const row = { lastSeenAt: t0, expiresAt: plus(12 * HOUR) };

  it("R-SEC-SESSIONS: active until idle, idle at the timeout, expired at the absolute limit", () => {
    expect(sessionVerdict(row, limits, plus(30 * MIN - 1))).toBe("active");
    expect(sessionVerdict(row, limits, plus(30 * MIN))).toBe("idle");
    expect(
      sessionVerdict({ ...row, lastSeenAt: plus(12 * HOUR - MIN) }, limits, plus(12 * HOUR)),
    ).toBe("expired");
  });

  it("R-SEC-SESSIONS: touch at most once a minute; at least four times per very short idle timeout", () => {
    expect(shouldTouch(t0, limits, plus(59_999))).toBe(false);
    expect(shouldTouch(t0, limits, plus(MIN))).toBe(true);
    const short = { idleMs: 8000, absoluteMs: HOUR };
    expect(shouldTouch(t0, short, plus(1999))).toBe(false);
    expect(shouldTouch(t0, short, plus(2000))).toBe(true);
  });
});

describe("R-SEC-SESSIONS: the session cookie", () => {
  it("R-SEC-SESSIONS: behind HTTPS the cookie is __Host-: Secure, Path=/, HttpOnly, no Domain", () => {
    const c = sessionCookieConfig("https://portal.example.com");
    expect(c.useSecureCookies).toBe(true);
    expect(c.cookies.sessionToken.name).toBe("__Host-authjs.session-token");
    expect(c.cookies.sessionToken.options).toEqual({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: true,
    });
    expect("domain" in c.cookies.sessionToken.options).toBe(false);
  });

  it("R-SEC-SESSIONS: over plain http (local) or without APP_URL the name has no prefix and is not Secure", () => {
    for (const url of ["http://localhost:3000", undefined, null]) {
      const c = sessionCookieConfig(url);
      expect(c.useSecureCookies).toBe(false);
      expect(c.cookies.sessionToken.name).toBe("authjs.session-token");
      expect(c.cookies.sessionToken.options.secure).toBe(false);
      expect(c.cookies.sessionToken.options.httpOnly).toBe(true);
    }
  });
});

describe("R-SEC-SESSIONS: a re-issued token never outlives its session", () => {
  const claims = (xp: number): SessionTokenClaims => ({
    kind: "admin",
    uid: "adm_1",
    orgId: "org_1",
    sv: 1,
    sid: "ses_1",
    xp,
  });

  it("R-SEC-SESSIONS: the lifetime is capped at the claims' absolute expiry", () => {
    const now = Date.UTC(2026, 2, 1) / 1000;
    expect(cappedMaxAge({ claims: claims(now + 3600) }, 720 * 3600, now * 1000)).toBe(3600);
    expect(cappedMaxAge({ claims: claims(now + 10 * 86400) }, 86400, now * 1000)).toBe(86400);
    expect(cappedMaxAge({ claims: claims(now - 5) }, 86400, now * 1000)).toBe(0);
    expect(cappedMaxAge({}, 86400, now * 1000)).toBe(86400);
  });

  it("R-SEC-SESSIONS: the encoded JWT's exp is the session's expiry, not now + maxAge", async () => {
    const secret = "s".repeat(40);
    const salt = "authjs.session-token";
    const xp = Math.floor(Date.now() / 1000) + 2 * 3600;
    const jwt = await encodeSessionToken({
      token: { claims: claims(xp) },
      secret,
      salt,
      maxAge: 720 * 3600,
    });
    const payload = await decode({ token: jwt, secret, salt });
    expect(payload?.exp).toBeGreaterThanOrEqual(xp - 2);
    expect(payload?.exp).toBeLessThanOrEqual(xp);
  });
});

describe("R-SEC-SESSIONS: what the Sessions list shows", () => {
  it("R-SEC-SESSIONS: user agents in plain words", () => {
    const cases: Array<[string, string]> = [
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
        "Chrome on Windows",
      ],
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0",
        "Edge on Windows",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Safari on macOS",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Safari on iPhone",
      ],
      [
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
        "Firefox on Linux",
      ],
      [
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36",
        "Chrome on Android",
      ],
      ["curl/8.5.0", "curl"],
      ["", "Unknown device"],
      ["something odd", "Unknown device"],
    ];
    for (const [ua, words] of cases) expect(describeDevice(ua), ua).toBe(words);
  });

  it("R-SEC-SESSIONS: browser and address from the login request; junk is dropped, never stored", () => {
    const h = (init: Record<string, string>) => new Headers(init);
    expect(
      clientInfoFromHeaders(h({ "user-agent": "curl/8.5.0", "x-real-ip": "203.0.113.9" })),
    ).toEqual({ userAgent: "curl/8.5.0", ipAddress: "203.0.113.9" });
    // The last hop (what our proxy appended), IPv4-mapped IPv6 shown as IPv4.
    expect(
      clientInfoFromHeaders(h({ "x-forwarded-for": "10.0.0.1, ::ffff:198.51.100.4" })).ipAddress,
    ).toBe("198.51.100.4");
    expect(clientInfoFromHeaders(h({ "x-real-ip": "not-an-ip<script>" })).ipAddress).toBe("");
    expect(clientInfoFromHeaders(h({ "user-agent": "a".repeat(2000) })).userAgent).toHaveLength(
      400,
    );
    expect(clientInfoFromHeaders(undefined)).toEqual({ userAgent: "", ipAddress: "" });
  });
});

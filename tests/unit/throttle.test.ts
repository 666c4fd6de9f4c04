import { CallbackRouteError, CredentialsSignin } from "@auth/core/errors";
import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/throttle/client-address";
import { Throttle, waitText } from "@/lib/throttle/limiter";
import { penaltyDelay } from "@/lib/throttle/math";
import { LIMITS } from "@/lib/throttle/rules";
import { signInFailureMessage, ThrottledSignin } from "@/lib/throttle/sign-in";
import { MemoryThrottleStore, type ThrottleStore } from "@/lib/throttle/store";

const headers = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("R-SEC-THROTTLE: client address (TRUSTED_PROXY_HOPS)", () => {
  it("R-SEC-THROTTLE: with no proxy the rightmost entry (the socket address Next.js records) counts", () => {
    expect(clientAddress(headers("203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientAddress(headers(), 0)).toBe("unknown");
  });

  it("R-SEC-THROTTLE: behind n proxies, the address the outermost saw; what the client wrote to its left is ignored", () => {
    const chain = "6.6.6.6, 203.0.113.9, 10.0.0.2";
    expect(clientAddress(headers(chain), 2)).toBe("203.0.113.9");
    expect(clientAddress(headers("1.1.1.1, 203.0.113.9"), 1)).toBe("203.0.113.9");
    // Fewer entries than hops (a misconfiguration): the leftmost, never an exception.
    expect(clientAddress(headers("203.0.113.9"), 3)).toBe("203.0.113.9");
  });

  it("R-SEC-THROTTLE: IPv4-mapped IPv6 counts as IPv4; IPv6 per /64; garbage is 'unknown'", () => {
    expect(clientAddress(headers("::ffff:203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientAddress(headers("2001:db8:1:2:aaaa::1"), 0)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(headers("2001:db8:1:2:bbbb::9"), 0)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(headers("not-an-ip"), 0)).toBe("unknown");
  });
});

describe("R-SEC-THROTTLE: limits and messages", () => {
  it("R-SEC-THROTTLE: the login wait doubles from 1 minute and never exceeds 15", () => {
    const rule = LIMITS.loginAccount;
    expect([4, 5, 6, 7, 8, 9, 20, 99].map((n) => penaltyDelay(n, rule) / 60_000)).toEqual([
      0, 1, 2, 4, 8, 15, 15, 15,
    ]);
  });

  it("R-SEC-THROTTLE: sign-in answers: same text for wrong password and unknown email, a wait when throttled, an outage is not 'incorrect'", () => {
    expect(signInFailureMessage(new CredentialsSignin())).toBe("Email or password is incorrect.");
    expect(signInFailureMessage(new ThrottledSignin(14 * 60_000 + 1))).toBe(
      "Too many attempts, try again in 15 minutes.",
    );
    const outage = new CallbackRouteError("connect ECONNREFUSED");
    expect(signInFailureMessage(outage)).toBe("Sign-in is unavailable, try again shortly.");
    expect(waitText(1)).toBe("1 minute");
  });

  it("R-SEC-THROTTLE: when the shared store fails, limits still hold in this instance", async () => {
    const broken: ThrottleStore = {
      take: () => Promise.reject(new Error("redis down")),
      clear: () => Promise.reject(new Error("redis down")),
    };
    const logged: string[] = [];
    const t = new Throttle({
      store: broken,
      fallback: new MemoryThrottleStore(),
      now: () => 0,
      log: (m) => logged.push(m),
    });
    const allowed = [];
    for (let i = 0; i < 5; i++) allowed.push((await t.take("emailTarget", "x")).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
    expect(logged[0]).toContain("redis down");
    await t.clear("emailTarget", "x");
    expect((await t.take("emailTarget", "x")).allowed).toBe(true);
    // Without a fallback the failure is not hidden (the login answers "unavailable").
    await expect(new Throttle({ store: broken }).take("emailTarget", "x")).rejects.toThrow(
      "redis down",
    );
  });
});

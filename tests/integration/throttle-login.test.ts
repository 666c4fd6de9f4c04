import { beforeAll, beforeEach, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db";
import { handlers } from "@/lib/auth";
import { authenticateAdmin, authenticateDeveloper } from "@/lib/auth/credentials";
import { passwordCheckCounter } from "@/lib/auth/password";
import { setThrottle, Throttle } from "@/lib/throttle/limiter";
import { guardLogin, loginAccount } from "@/lib/throttle/login";
import { LIMITS } from "@/lib/throttle/rules";
import {
  describeEachDb,
  makeAdmin,
  makeDeveloper,
  makeOrg,
  openFreshPglite,
  randomEmail,
  TEST_PASSWORD,
} from "../helpers/db";

/**
 * R-SEC-THROTTLE on logins. Hash checks are counted (lib/auth/password.ts passwordCheckCounter),
 * never timed; the throttle's clock is injected, so "after the window" is a step of the clock.
 */
const ORIGIN = "https://portal.example.test";
const MINUTE = 60_000;
let clock = Date.UTC(2026, 0, 1);
let throttle: Throttle;

function checks(): number {
  return passwordCheckCounter.checks;
}

/** The attack of the report: a direct POST to next-auth's credentials callback (no form, no CSRF form page). */
async function postCallback(org: string, email: string, password: string, address = "203.0.113.7") {
  const csrfRes = await handlers.GET(
    new Request(`${ORIGIN}/api/auth/csrf`) as Parameters<typeof handlers.GET>[0],
  );
  const cookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await handlers.POST(
    new Request(`${ORIGIN}/api/auth/callback/developer`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie,
        origin: ORIGIN,
        "x-forwarded-for": address,
      },
      body: new URLSearchParams({ csrfToken, org, email, password, callbackUrl: `${ORIGIN}/` }),
    }) as Parameters<typeof handlers.POST>[0],
  );
  const location = new URL(res.headers.get("location") ?? `${ORIGIN}/`);
  const signedIn = res.headers.getSetCookie().some((c) => c.includes("session-token="));
  return {
    error: location.searchParams.get("error"),
    code: location.searchParams.get("code"),
    signedIn,
  };
}

describeEachDb("R-SEC-THROTTLE: login throttling", (getDb, target) => {
  beforeAll(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
  });
  beforeEach(() => {
    clock += 24 * 60 * MINUTE;
    throttle = new Throttle({ now: () => clock });
    setThrottle(throttle);
  });

  it(
    "R-SEC-THROTTLE: 100 wrong passwords posted to /api/auth/callback/developer: only 5 reach the hash; the right password works after the wait",
    { timeout: 180_000 },
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      const before = checks();
      const answers = [];
      for (let i = 0; i < 100; i++)
        // A new client address for every attempt: the per-account limit holds on its own.
        answers.push(await postCallback(org.slug, dev.email, `wrong-${i}`, `198.51.100.${i + 1}`));
      expect(checks() - before).toBe(LIMITS.loginAccount.free);
      expect(answers.filter((a) => a.code === "throttled")).toHaveLength(95);
      expect(answers.every((a) => a.error === "CredentialsSignin" && !a.signedIn)).toBe(true);

      // During the wait even the right password is refused, without a hash.
      const during = await postCallback(org.slug, dev.email, TEST_PASSWORD);
      expect(during).toMatchObject({ code: "throttled", signedIn: false });
      expect(checks() - before).toBe(LIMITS.loginAccount.free);

      // After the wait (never a permanent lock) the right password works.
      clock += LIMITS.loginAccount.maxDelayMs;
      const after = await postCallback(org.slug, dev.email, TEST_PASSWORD);
      expect(after).toMatchObject({ error: null, signedIn: true });
    },
  );

  it(
    "R-SEC-THROTTLE: 100 parallel wrong passwords at an admin: the check is counted before the hash, so exactly 5 are hashed",
    { timeout: 180_000 },
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const admin = await makeAdmin(db, org.id);
      const before = checks();
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          guardLogin({ account: loginAccount("admin", admin.email), address: `192.0.2.${i}` }, () =>
            authenticateAdmin(db, admin.email, `wrong-${i}`),
          ),
        ),
      );
      expect(checks() - before).toBe(5);
      expect(results.filter((r) => r.status === "invalid")).toHaveLength(5);
      expect(results.filter((r) => r.status === "throttled")).toHaveLength(95);
    },
  );

  it("R-SEC-THROTTLE: waits double (1, 2, 4 … minutes, capped at 15); a success clears the record", async () => {
    const who = { account: "developer:acme:wait@example.test", address: "192.0.2.1" };
    let attempts = 0;
    const attempt = (ok: boolean) => async () => {
      attempts += 1;
      return ok ? "claims" : null;
    };
    const wrong = () => guardLogin(who, attempt(false));
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe("invalid");
    expect(await wrong()).toEqual({ status: "throttled", retryAfterMs: MINUTE });
    clock += MINUTE;
    expect((await wrong()).status).toBe("invalid");
    expect(await wrong()).toEqual({ status: "throttled", retryAfterMs: 2 * MINUTE });
    clock += 2 * MINUTE;
    expect((await wrong()).status).toBe("invalid");
    expect(await wrong()).toEqual({ status: "throttled", retryAfterMs: 4 * MINUTE });
    for (const wait of [4, 8, 15, 15]) {
      clock += wait * MINUTE;
      expect((await wrong()).status).toBe("invalid");
      expect((await wrong()) as unknown).toMatchObject({ status: "throttled" });
    }
    expect(attempts).toBe(11);
    clock += 15 * MINUTE;
    expect(await guardLogin(who, attempt(true))).toEqual({ status: "ok", value: "claims" });
    // Cleared by the success: five free attempts again.
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe("invalid");
  });

  it("R-SEC-THROTTLE: an unknown email is throttled exactly like a known one (nothing tells them apart)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const run = async (email: string) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++)
        out.push(
          (
            await guardLogin(
              { account: loginAccount("developer", email, org.slug), address: `192.0.2.${i}` },
              () => authenticateDeveloper(db, org.slug, email, "wrong-password"),
            )
          ).status,
        );
      return out;
    };
    const known = await run(dev.email);
    expect(known).toEqual(await run(randomEmail("nobody")));
    expect(known).toEqual([...Array(5).fill("invalid"), ...Array(2).fill("throttled")]);
  }, 180_000);

  it("R-SEC-THROTTLE: one client address gets 30 login attempts per 15 minutes, whatever the accounts", async () => {
    let attempts = 0;
    const statuses = [];
    for (let i = 0; i < 35; i++)
      statuses.push(
        (
          await guardLogin(
            { account: `developer:acme:spray${i}@example.test`, address: "192.0.2.99" },
            async () => {
              attempts += 1;
              return null;
            },
          )
        ).status,
      );
    expect(attempts).toBe(LIMITS.loginAddress.limit);
    expect(statuses.slice(30)).toEqual(Array(5).fill("throttled"));
    // Another address is not affected; the window ends.
    const other = await guardLogin({ account: null, address: "192.0.2.100" }, async () => null);
    expect(other.status).toBe("invalid");
    clock += LIMITS.loginAddress.windowMs;
    const later = await guardLogin({ account: null, address: "192.0.2.99" }, async () => null);
    expect(later.status).toBe("invalid");
  });
});

describeEachDb("R-SEC-THROTTLE: outage honesty at login", (getDb, target) => {
  it("R-SEC-THROTTLE: with the database down, a login is an error (next-auth: Configuration), never 'incorrect credentials'", async () => {
    const broken: DbHandle =
      target === "pglite"
        ? await openFreshPglite()
        : createDb({ url: "postgres://nobody@127.0.0.1:1/none" });
    await broken.close();
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = broken;
    setThrottle(new Throttle({ now: () => clock }));
    await expect(
      guardLogin({ account: "developer:x:a@b.c", address: "192.0.2.1" }, () =>
        authenticateDeveloper(broken.db, "acme", "a@b.c", "whatever-pw"),
      ),
    ).rejects.toThrow();
    const answer = await postCallback("acme", "a@b.c", "whatever-pw");
    expect(answer.error).toBe("Configuration");
    expect(answer.signedIn).toBe(false);
    void getDb;
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const dirs: string[] = [];
/** A fresh GATEHOUSE_DATA_DIR (not yet created, as on a fresh install). */
function dataDir(): string {
  const parent = mkdtempSync(path.join(tmpdir(), "gatehouse-env-"));
  dirs.push(parent);
  return path.join(parent, "data");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** parseEnv takes a process.env-shaped object, whose NODE_ENV Next's types make required. */
function envOf(vars: Partial<NodeJS.ProcessEnv>): NodeJS.ProcessEnv {
  return { NODE_ENV: "development", ...vars };
}

function parseError(source: Partial<NodeJS.ProcessEnv>): EnvError {
  try {
    parseEnv(envOf(source));
  } catch (err) {
    if (err instanceof EnvError) return err;
    throw err;
  }
  throw new Error("parseEnv accepted an invalid environment");
}

const SECRET = "x".repeat(40);

describe("R-ORG-SETUP: environment (lib/env.ts parseEnv)", () => {
  it("R-ORG-SETUP: production without DATABASE_URL is refused, naming DATABASE_URL", () => {
    const err = parseError({
      NODE_ENV: "production",
      AUTH_SECRET: SECRET,
      APP_URL: "https://portal.example.com",
      GATEHOUSE_DATA_DIR: dataDir(),
    });
    expect(err.name).toBe("EnvError");
    expect(err.message).toContain("DATABASE_URL");
    expect(err.message).not.toContain("AUTH_SECRET");
  });

  it("R-ORG-SETUP: production lists every missing variable at once", () => {
    const err = parseError({ NODE_ENV: "production", GATEHOUSE_DATA_DIR: dataDir() });
    expect(err.message).toContain("DATABASE_URL");
    expect(err.message).toContain("AUTH_SECRET");
  });

  it("R-ORG-SETUP: production with GATEHOUSE_LOCAL=1 runs on PGlite under the data directory", () => {
    const dir = dataDir();
    const e = parseEnv(
      envOf({ NODE_ENV: "production", GATEHOUSE_LOCAL: "1", GATEHOUSE_DATA_DIR: dir }),
    );
    expect(e.GATEHOUSE_LOCAL).toBe(true);
    expect(e.DATABASE_URL).toBeNull();
    expect(e.pgliteDir).toBe(path.join(path.resolve(dir), "pglite"));
    expect(e.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("R-ORG-SETUP: a generated AUTH_SECRET is persisted (0600) in GATEHOUSE_DATA_DIR and stable across calls", () => {
    const dir = dataDir();
    const first = parseEnv(envOf({ GATEHOUSE_DATA_DIR: dir }));
    const file = path.join(dir, "auth-secret");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8").trim()).toBe(first.AUTH_SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = parseEnv(envOf({ GATEHOUSE_DATA_DIR: dir }));
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    // Another data directory gets its own secret.
    expect(parseEnv(envOf({ GATEHOUSE_DATA_DIR: dataDir() })).AUTH_SECRET).not.toBe(
      first.AUTH_SECRET,
    );
  });

  it("R-ORG-SETUP: a configured AUTH_SECRET is used and nothing is written", () => {
    const dir = dataDir();
    const e = parseEnv(envOf({ AUTH_SECRET: SECRET, GATEHOUSE_DATA_DIR: dir }));
    expect(e.AUTH_SECRET).toBe(SECRET);
    expect(existsSync(path.join(dir, "auth-secret"))).toBe(false);
  });

  it("R-ORG-SETUP: an invalid DATABASE_URL is rejected", () => {
    const err = parseError({ DATABASE_URL: "not a url", GATEHOUSE_DATA_DIR: dataDir() });
    expect(err.message).toContain("DATABASE_URL");
  });

  it("R-ORG-SETUP: production with DATABASE_URL and AUTH_SECRET uses Postgres, not PGlite", () => {
    const url = "postgres://app:pw@db.example.com:5432/gatehouse";
    const e = parseEnv(
      envOf({
        NODE_ENV: "production",
        DATABASE_URL: url,
        AUTH_SECRET: SECRET,
        APP_URL: "https://portal.example.com",
        GATEHOUSE_DATA_DIR: dataDir(),
      }),
    );
    expect(e.DATABASE_URL).toBe(url);
    expect(e.pgliteDir).toBeNull();
  });

  it("R-ORG-SETUP: blank variables count as unset", () => {
    const e = parseEnv(
      envOf({
        DATABASE_URL: "",
        RESEND_API_KEY: "",
        AUTH_SECRET: SECRET,
        GATEHOUSE_DATA_DIR: dataDir(),
      }),
    );
    expect(e.DATABASE_URL).toBeNull();
    expect(e.pgliteDir).not.toBeNull();
  });

  it("R-MAILBOX: without RESEND_API_KEY emails stay in the outbox (RESEND_API_KEY is null)", () => {
    const e = parseEnv(envOf({ AUTH_SECRET: SECRET, GATEHOUSE_DATA_DIR: dataDir() }));
    expect(e.RESEND_API_KEY).toBeNull();
    expect(
      parseEnv(
        envOf({ AUTH_SECRET: SECRET, RESEND_API_KEY: "re_123", GATEHOUSE_DATA_DIR: dataDir() }),
      ).RESEND_API_KEY,
    ).toBe("re_123");
  });

  it("R-ORG-SETUP: a short AUTH_SECRET and an unknown boolean value are rejected", () => {
    expect(parseError({ AUTH_SECRET: "short", GATEHOUSE_DATA_DIR: dataDir() }).message).toContain(
      "AUTH_SECRET",
    );
    expect(
      parseError({ GATEHOUSE_LOCAL: "maybe", AUTH_SECRET: SECRET, GATEHOUSE_DATA_DIR: dataDir() })
        .message,
    ).toContain("GATEHOUSE_LOCAL");
  });
});

describe("R-SEC-LINKS: APP_URL is the one source of absolute URLs (lib/env.ts)", () => {
  const production = {
    NODE_ENV: "production" as const,
    DATABASE_URL: "postgres://app:pw@db.example.com:5432/gatehouse",
    AUTH_SECRET: SECRET,
  };

  it("R-SEC-LINKS: production without APP_URL is refused at start-up, naming APP_URL", () => {
    const err = parseError({ ...production, GATEHOUSE_DATA_DIR: dataDir() });
    expect(err.message).toContain("APP_URL is required in production");
    expect(err.message).not.toContain("DATABASE_URL");
  });

  it("R-SEC-LINKS: the standalone gateway verifier (no emails, no links) starts in production without APP_URL", () => {
    const e = parseEnv({ ...production, GATEHOUSE_DATA_DIR: dataDir() }, { requireAppUrl: false });
    expect(e.DATABASE_URL).toBe(production.DATABASE_URL);
  });

  it("R-SEC-LINKS: production lists a missing APP_URL with the other missing variables", () => {
    const err = parseError({ NODE_ENV: "production", GATEHOUSE_DATA_DIR: dataDir() });
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "APP_URL"])
      expect(err.message).toContain(name);
  });

  it("R-SEC-LINKS: a configured APP_URL is kept as an origin without a trailing slash", () => {
    const e = parseEnv(
      envOf({
        ...production,
        APP_URL: "https://Portal.Example.com/",
        GATEHOUSE_DATA_DIR: dataDir(),
      }),
    );
    expect(e.APP_URL).toBe("https://portal.example.com");
  });

  it("R-SEC-LINKS: GATEHOUSE_LOCAL=1 and development default to http://localhost:PORT", () => {
    const local = parseEnv(
      envOf({
        NODE_ENV: "production",
        GATEHOUSE_LOCAL: "1",
        PORT: "4100",
        GATEHOUSE_DATA_DIR: dataDir(),
      }),
    );
    expect(local.APP_URL).toBe("http://localhost:4100");
    const dev = parseEnv(envOf({ AUTH_SECRET: SECRET, GATEHOUSE_DATA_DIR: dataDir() }));
    expect(dev.APP_URL).toBe("http://localhost:3000");
  });

  it("R-SEC-LINKS: an APP_URL with a path, query, credentials or another scheme is refused", () => {
    for (const bad of [
      "https://portal.example.com/acme",
      "https://portal.example.com/?next=x",
      "https://user:pw@portal.example.com",
      "javascript:alert(1)",
      "ftp://portal.example.com",
      "portal.example.com",
    ]) {
      const err = parseError({ APP_URL: bad, AUTH_SECRET: SECRET, GATEHOUSE_DATA_DIR: dataDir() });
      expect(err.message, bad).toContain("APP_URL");
    }
  });

  it("R-SEC-THROTTLE: TRUSTED_PROXY_HOPS defaults to 0 and accepts a small whole number", () => {
    expect(
      parseEnv(envOf({ AUTH_SECRET: SECRET, GATEHOUSE_DATA_DIR: dataDir() })).TRUSTED_PROXY_HOPS,
    ).toBe(0);
    expect(
      parseEnv(
        envOf({ AUTH_SECRET: SECRET, TRUSTED_PROXY_HOPS: "2", GATEHOUSE_DATA_DIR: dataDir() }),
      ).TRUSTED_PROXY_HOPS,
    ).toBe(2);
    expect(
      parseError({ AUTH_SECRET: SECRET, TRUSTED_PROXY_HOPS: "-1", GATEHOUSE_DATA_DIR: dataDir() })
        .message,
    ).toContain("TRUSTED_PROXY_HOPS");
  });
});

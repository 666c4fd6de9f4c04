import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url().optional(),
  GATEHOUSE_DATA_DIR: z.string().min(1).default(".data"),
  // Allows PGlite and a generated AUTH_SECRET under NODE_ENV=production (local `next start`).
  GATEHOUSE_LOCAL: bool,
  // Seed the demo organisation at start-up when the database has no organisation yet.
  GATEHOUSE_SEED: bool,
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  // The public address of the app (R-SEC-LINKS): the one source of absolute URLs in emails.
  // Required in production; never derived from request headers (docs/SECURITY.md "Links").
  APP_URL: z
    .url()
    .refine(
      (v) => isOriginUrl(v),
      "APP_URL must be an http(s) origin, like https://portal.example.com",
    )
    .optional(),
  // Where developers call the APIs (the NGINX in front of them, docs/GATEWAY.md): the base of the
  // portal's copy-paste examples. Defaults to APP_URL.
  GATEWAY_PUBLIC_URL: z
    .url()
    .refine(
      (v) => isOriginUrl(v),
      "GATEWAY_PUBLIC_URL must be an http(s) origin, like https://api.example.com",
    )
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  // How many reverse proxies of yours stand in front of the app and append to X-Forwarded-For;
  // the client address used for throttling is the one the outermost of them saw (docs/SECURITY.md).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  RESEND_API_KEY: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default("Gatehouse <no-reply@gatehouse.local>"),
  REDIS_URL: z.url().optional(),
  CRON_SECRET: z.string().min(16).optional(),
  // Webhooks (docs/WEBHOOKS.md): how long a receiver may take to answer, and how often a
  // long-running server (`next start`) retries due webhooks and emails itself (0 = only the cron).
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(500).max(30_000).default(5000),
  DELIVERY_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  // Outbound requests (webhooks, OpenAPI documents) may go to loopback and private networks
  // (R-SEC-SSRF). Off by default; for a private install whose receivers live on the LAN.
  // Cloud metadata and link-local addresses stay refused even when set (docs/DECISIONS.md).
  GATEHOUSE_ALLOW_PRIVATE_TARGETS: bool,
  // Gateway verifier (docs/GATEWAY.md): how long a key is trusted without the database (≤ 10 s),
  // how long a database read may take before the gateway answers 503, and where the standalone
  // verifier (`npm run gateway`) listens.
  GATEWAY_CACHE_TTL_SECONDS: z.coerce.number().min(0).max(10).default(5),
  GATEWAY_DB_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1500),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65_535).default(8787),
  GATEWAY_HOST: z.string().min(1).default("127.0.0.1"),
  // scrypt cost as log2(N) (R-SEC-PASSWORDS): 17 is OWASP's guidance and the floor in
  // production; the test suite sets a cheaper value so thousands of hashes stay fast.
  PASSWORD_HASH_LOG2N: z.coerce.number().int().min(10).max(17).default(17),
  // Sessions (R-SEC-SESSIONS, docs/SECURITY.md "Sessions"): a session ends after this long
  // without a request (idle) or this long after login (absolute), whichever comes first.
  // The *_SECONDS idle overrides exist for tests (a short idle timeout); they win when set.
  SESSION_IDLE_MINUTES_ADMIN: z.coerce.number().int().min(1).max(525_600).default(30),
  SESSION_ABSOLUTE_HOURS_ADMIN: z.coerce.number().int().min(1).max(8760).default(12),
  SESSION_IDLE_MINUTES_DEVELOPER: z.coerce.number().int().min(1).max(525_600).default(10_080),
  SESSION_ABSOLUTE_HOURS_DEVELOPER: z.coerce.number().int().min(1).max(8760).default(720),
  SESSION_IDLE_SECONDS_ADMIN: z.coerce.number().int().min(1).max(86_400).optional(),
  SESSION_IDLE_SECONDS_DEVELOPER: z.coerce.number().int().min(1).max(86_400).optional(),
  // Deployment (docs/DEPLOY.md, R-DEPLOY-SERVERLESS): `serverless` for hosts that freeze a
  // function after its response (also detected from VERCEL, AWS_LAMBDA_FUNCTION_NAME, NETLIFY);
  // `server` for a long-running `next start` even where those are set.
  GATEHOUSE_RUNTIME: z.enum(["server", "serverless"]).optional(),
  // Postgres pool size per process (default 10 on a server, 2 serverless) and prepared
  // statements (off serverless, or for a transaction-mode pooler such as PgBouncer: set 0).
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  DATABASE_PREPARE: z.enum(["1", "0", "true", "false", "yes", "no"]).optional(),
  // Test hook: /api/gateway/health also reports how many after() usage writes started and
  // finished (tests/e2e/deploy-serverless.test.ts waits on it before killing the process).
  GATEHOUSE_DEBUG_AFTER: bool,
  // R-ORG-CREATE: admins (by email, comma-separated) who may create and suspend organisations,
  // besides the install's first owner (lib/orgs/operator.ts).
  GATEHOUSE_OPERATOR_EMAILS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
});

export type Env = Omit<
  z.infer<typeof schema>,
  | "AUTH_SECRET"
  | "RESEND_API_KEY"
  | "DATABASE_URL"
  | "REDIS_URL"
  | "APP_URL"
  | "GATEWAY_PUBLIC_URL"
  | "DATABASE_POOL_MAX"
  | "DATABASE_PREPARE"
> & {
  AUTH_SECRET: string;
  /** Public origin without a trailing slash, e.g. https://portal.example.com. */
  APP_URL: string;
  /** Origin developers call the APIs at (portal examples); APP_URL unless set. */
  GATEWAY_PUBLIC_URL: string;
  DATABASE_URL: string | null;
  RESEND_API_KEY: string | null;
  REDIS_URL: string | null;
  /** PGlite directory, or null when DATABASE_URL points at a real Postgres. */
  pgliteDir: string | null;
  /**
   * Functions frozen after each response, many instances (docs/DEPLOY.md): usage is written
   * within each request (after()), no timers, no migrations at cold start, Redis required.
   */
  serverless: boolean;
  DATABASE_POOL_MAX: number;
  DATABASE_PREPARE: boolean;
};

/** Hosts that run the app as functions frozen between requests. */
const SERVERLESS_HOST_MARKERS = ["VERCEL", "AWS_LAMBDA_FUNCTION_NAME", "NETLIFY"] as const;

/** Serverless when GATEHOUSE_RUNTIME says so, or when it is unset and the host is a functions platform. */
export function isServerlessHost(
  source: Record<string, string | undefined>,
  runtime: "server" | "serverless" | undefined,
): boolean {
  if (runtime) return runtime === "serverless";
  return SERVERLESS_HOST_MARKERS.some((name) => Boolean(source[name]) && source[name] !== "0");
}

/** http(s), no path, query, fragment or credentials: links are `${APP_URL}/…`. */
function isOriginUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (
      (u.protocol === "https:" || u.protocol === "http:") &&
      u.pathname === "/" &&
      !u.search &&
      !u.hash &&
      !u.username &&
      !u.password
    );
  } catch {
    return false;
  }
}

export class EnvError extends Error {
  name = "EnvError";
}

function localAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Parses the environment. Throws EnvError with every problem listed. */
export function parseEnv(
  source: Record<string, string | undefined>,
  { requireAppUrl = true }: { requireAppUrl?: boolean } = {},
): Env {
  const blanksRemoved = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = schema.safeParse(blanksRemoved);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const strict = e.NODE_ENV === "production" && !e.GATEHOUSE_LOCAL;
  const problems: string[] = [];
  if (e.NODE_ENV === "production" && e.PASSWORD_HASH_LOG2N < 17)
    problems.push(
      "  PASSWORD_HASH_LOG2N may not be below 17 in production (OWASP scrypt guidance)",
    );
  if (strict && !e.DATABASE_URL)
    problems.push(
      "  DATABASE_URL is required in production (or set GATEHOUSE_LOCAL=1 for a local embedded database)",
    );
  if (strict && !e.AUTH_SECRET)
    problems.push(
      "  AUTH_SECRET is required in production (generate one: openssl rand -base64 32)",
    );
  if (strict && requireAppUrl && !e.APP_URL)
    problems.push(
      "  APP_URL is required in production: the public address of the portal, e.g. https://portal.example.com (links in emails are built from it)",
    );
  const serverless = isServerlessHost(source, e.GATEHOUSE_RUNTIME);
  if (serverless) {
    const why = e.GATEHOUSE_RUNTIME
      ? "GATEHOUSE_RUNTIME=serverless"
      : `serverless host detected (${SERVERLESS_HOST_MARKERS.filter((n) => source[n]).join(", ")}; set GATEHOUSE_RUNTIME=server for a long-running server)`;
    if (!e.REDIS_URL)
      problems.push(
        `  REDIS_URL is required on a serverless host (${why}): rate limits and quotas must be shared by every instance (docs/DEPLOY.md)`,
      );
    if (!e.DATABASE_URL)
      problems.push(
        `  DATABASE_URL is required on a serverless host (${why}): use your managed Postgres's pooled connection string (docs/DEPLOY.md)`,
      );
    if (!e.CRON_SECRET)
      problems.push(
        `  CRON_SECRET is required on a serverless host (${why}): the host's cron calls /api/cron/deliver with it to retry webhooks and emails (docs/DEPLOY.md)`,
      );
  }
  if (problems.length) throw new EnvError(`Invalid environment:\n${problems.join("\n")}`);
  const dataDir = path.resolve(e.GATEHOUSE_DATA_DIR);
  return {
    ...e,
    AUTH_SECRET: e.AUTH_SECRET ?? localAuthSecret(dataDir),
    APP_URL: e.APP_URL ? new URL(e.APP_URL).origin : `http://localhost:${e.PORT ?? 3000}`,
    GATEWAY_PUBLIC_URL: new URL(
      e.GATEWAY_PUBLIC_URL ?? e.APP_URL ?? `http://localhost:${e.PORT ?? 3000}`,
    ).origin,
    DATABASE_URL: e.DATABASE_URL ?? null,
    RESEND_API_KEY: e.RESEND_API_KEY ?? null,
    REDIS_URL: e.REDIS_URL ?? null,
    pgliteDir: e.DATABASE_URL ? null : path.join(dataDir, "pglite"),
    serverless,
    DATABASE_POOL_MAX: e.DATABASE_POOL_MAX ?? (serverless ? 2 : 10),
    DATABASE_PREPARE: e.DATABASE_PREPARE
      ? ["1", "true", "yes"].includes(e.DATABASE_PREPARE)
      : !serverless,
  };
}

let cached: Env | undefined;

/** The validated environment; read once, read nowhere else. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The same, for a process that builds no links (the standalone gateway verifier sends no email):
 * APP_URL is not required there. Call before anything else reads env().
 */
export function envWithoutLinks(): Env {
  cached ??= parseEnv(process.env, { requireAppUrl: false });
  return cached;
}

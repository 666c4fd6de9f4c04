import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATION_LOCK_ID } from "@/db/migrate";
import { postgresAvailable } from "../helpers/gateway-services";

/**
 * R-DEPLOY-MIGRATE: `npm run db:migrate` is the deploy step on a serverless host, and several
 * deploys (or servers starting together) may run it at once. Two real runs against a fresh
 * database both succeed and apply the schema once. The test holds the migration lock first and
 * releases it only when both runs are seen waiting for it in pg_locks, so they truly overlap.
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const withPostgres = await postgresAvailable();
if (!withPostgres && process.env.CI) throw new Error(`Postgres is required in CI (${ADMIN_URL})`);

const journal = JSON.parse(
  readFileSync(path.join(ROOT, "db", "migrations", "meta", "_journal.json"), "utf8"),
) as { entries: Array<{ when: number }> };

function migrateRun(
  url: string | null,
  extra: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  for (const name of ["REDIS_URL", "GATEHOUSE_RUNTIME", "VERCEL", "NETLIFY"]) delete env[name];
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/migrate.ts"],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

describe.skipIf(!withPostgres)("R-DEPLOY-MIGRATE: concurrent migration runs", () => {
  const name = `gh_migrate_${randomBytes(6).toString("hex")}`;
  let url = "";
  let db: postgres.Sql;

  beforeAll(async () => {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    await admin.end({ timeout: 5 });
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    db = postgres(url, { max: 2, onnotice: () => undefined });
  });

  afterAll(async () => {
    await db?.end({ timeout: 5 });
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end({ timeout: 5 });
  });

  it("R-DEPLOY-MIGRATE: two `npm run db:migrate` runs started together on a fresh database both succeed and apply each migration once", async () => {
    const holder = await db.reserve();
    await holder`select pg_advisory_lock(${MIGRATION_LOCK_ID}::bigint)`;
    const runs = [migrateRun(url), migrateRun(url)];
    try {
      // Both runs queue on the lock (advisory locks are per database; objid holds the low 32 bits).
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [row] = await db<{ waiting: number }[]>`
          select count(*)::int as waiting from pg_locks
          where locktype = 'advisory' and objid = ${MIGRATION_LOCK_ID} and not granted
            and database = (select oid from pg_database where datname = current_database())`;
        if (row?.waiting === 2) break;
        if (Date.now() > deadline) throw new Error("the migration runs never waited for the lock");
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await holder`select pg_advisory_unlock(${MIGRATION_LOCK_ID}::bigint)`;
      holder.release();
    }
    const results = await Promise.all(runs);
    for (const r of results) expect(r.code, r.output).toBe(0);
    const total = journal.entries.length;
    expect(results.map((r) => r.output.match(/: (\d+) new/)?.[1]).sort()).toEqual([
      "0",
      String(total),
    ]);
    const applied = await db<{ created_at: string }[]>`
      select created_at from drizzle.__drizzle_migrations order by created_at`;
    expect(applied.map((r) => Number(r.created_at))).toEqual(journal.entries.map((e) => e.when));
    const [tables] = await db<{ n: number }[]>`
      select count(*)::int as n from information_schema.tables
      where table_schema = 'public' and table_name in ('organisations', 'keys', 'usage_hourly')`;
    expect(tables?.n).toBe(3);
  });
});

describe("R-DEPLOY-MIGRATE: the embedded database", () => {
  it("R-DEPLOY-MIGRATE: a production run on the embedded database (GATEHOUSE_LOCAL=1) makes its data directory, however deep, and migrates it", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "gatehouse-local-"));
    const dir = path.join(root, "not", "made", "yet");
    try {
      const run = await migrateRun(null, {
        NODE_ENV: "production",
        GATEHOUSE_LOCAL: "1",
        GATEHOUSE_DATA_DIR: dir,
        AUTH_SECRET: "a".repeat(32),
        APP_URL: "https://p.example.com",
        // The test run's cheaper hashing is refused in production.
        PASSWORD_HASH_LOG2N: "17",
      });
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(/Migrations applied \(pglite\): [1-9]\d* new/);
      expect(existsSync(path.join(dir, "pglite", "PG_VERSION"))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

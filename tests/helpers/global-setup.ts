import "./provided";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb, pgliteExtensions } from "@/db";
import { runMigrations } from "@/db/migrate";

const migrationsFolder = fileURLToPath(new URL("../../db/migrations", import.meta.url));
const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The URL without its password, for log lines. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

/** Migrates an in-memory PGlite once and dumps it: each test file loads the dump (~0.5 s). */
async function buildPgliteTemplate(dir: string): Promise<string> {
  const pglite = new PGlite({ extensions: pgliteExtensions });
  const handle = createDb({ pglite });
  try {
    await runMigrations(handle, migrationsFolder);
    const blob = await pglite.dumpDataDir("gzip");
    const file = path.join(dir, "pglite-template.tar.gz");
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    return file;
  } finally {
    await handle.close();
  }
}

type PgRun = { url: string; drop: () => Promise<void> };

/** Creates and migrates gh_test_<hex> on a reachable Postgres, or says why it is skipped. */
async function preparePostgres(): Promise<PgRun | { skipped: string }> {
  if (process.env.GATEHOUSE_PG_TESTS === "0") return { skipped: "GATEHOUSE_PG_TESTS=0" };
  const adminUrl = process.env.TEST_DATABASE_URL || DEFAULT_PG_URL;
  const open = () => postgres(adminUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
  const admin = open();
  try {
    await admin`select 1`;
  } catch (err) {
    await admin.end({ timeout: 0 }).catch(() => {});
    return { skipped: `cannot reach ${redact(adminUrl)} (${message(err)})` };
  }
  const name = `gh_test_${randomBytes(6).toString("hex")}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (err) {
    await admin.end({ timeout: 0 }).catch(() => {});
    return { skipped: `cannot create a database on ${redact(adminUrl)} (${message(err)})` };
  }
  await admin.end({ timeout: 5 });

  const drop = async () => {
    const sql = open();
    try {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ url: url.toString() });
  try {
    await runMigrations(handle, migrationsFolder);
  } catch (err) {
    await handle.close();
    await drop();
    throw err;
  }
  await handle.close();
  return { url: url.toString(), drop };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), `gatehouse-test-${process.pid}-`));
  const dataDir = path.join(dir, "data");
  mkdirSync(dataDir);
  const cleanDir = () => rmSync(dir, { recursive: true, force: true });

  let pg: PgRun | { skipped: string };
  try {
    const [templatePath, pgResult] = await Promise.all([
      buildPgliteTemplate(dir),
      preparePostgres(),
    ]);
    project.provide("pgliteTemplatePath", templatePath);
    pg = pgResult;
  } catch (err) {
    cleanDir();
    throw err;
  }
  project.provide("testDataDir", dataDir);
  if ("skipped" in pg) {
    // A service the suite needs must fail CI when missing, never skip silently.
    if (process.env.CI) {
      cleanDir();
      throw new Error(`Postgres is required in CI: ${pg.skipped}`);
    }
    console.log(`[gatehouse tests] Postgres tests skipped: ${pg.skipped}; running PGlite only.`);
    project.provide("postgresUrl", null);
    project.provide("postgresSkipReason", pg.skipped);
  } else {
    project.provide("postgresUrl", pg.url);
    project.provide("postgresSkipReason", null);
  }

  return async () => {
    try {
      if (!("skipped" in pg)) await pg.drop();
    } finally {
      cleanDir();
    }
  };
}

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { createDb, type DbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";
import { freePort, waitForHttp } from "./gateway-nginx";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

export type TempPostgres = { url: string; handle: DbHandle; drop: () => Promise<void> };

export async function postgresAvailable(): Promise<boolean> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 2, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

/** A migrated throwaway database (gh_e2e_<hex>) shared by the test process and the servers it starts. */
export async function tempPostgres(prefix = "gh_e2e"): Promise<TempPostgres> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end({ timeout: 5 });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = createDb({ url: url.toString() });
  await runMigrations(handle, path.join(ROOT, "db", "migrations"));
  return {
    url: url.toString(),
    handle,
    drop: async () => {
      await handle.close();
      const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      await sql.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await sql.end({ timeout: 5 });
    },
  };
}

export type Verifier = {
  baseUrl: string;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
};

/** `npm run gateway` (scripts/gateway.ts under tsx) on a free loopback port. */
export async function startVerifier(env: Record<string, string>): Promise<Verifier> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["REDIS_URL", "DATABASE_URL", "PORT"]) delete childEnv[name];
  Object.assign(childEnv, {
    NODE_ENV: "production",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: "127.0.0.1",
    ...env,
  });
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/gateway.ts"],
    {
      cwd: ROOT,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  try {
    await waitForHttp(`${baseUrl}/api/gateway/health`, 30_000, (s) => s === 200);
  } catch (err) {
    await stop();
    throw new Error(
      `verifier did not start: ${err instanceof Error ? err.message : String(err)}\n${output}`,
    );
  }
  return { baseUrl, port, output: () => output, stop };
}

/** Whether the test Postgres answers (the gateway e2e suites skip, saying why, when it does not). */
export async function postgresReachable(): Promise<boolean> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 2, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return true;
  } catch {
    // A service the suite needs must fail CI when missing, never skip silently.
    if (process.env.CI) throw new Error(`Postgres is required in CI (none at ${ADMIN_URL})`);
    console.warn(`Gateway e2e skipped: no Postgres at ${ADMIN_URL} (set TEST_DATABASE_URL).`);
    return false;
  } finally {
    await sql.end({ timeout: 2 }).catch(() => undefined);
  }
}

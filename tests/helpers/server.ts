import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import "./provided";

/** A production server (`next start`) of the built app, with its own embedded database. */
export type TestServer = {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /** GATEHOUSE_DATA_DIR of this server (PGlite files and the generated AUTH_SECRET). */
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr interleaved). */
  output: () => string;
  /** Stops the server and removes its data directory. */
  stop: () => Promise<void>;
  /**
   * Sends one signal to the server's process group (SIGTERM: a graceful stop; SIGKILL: a crash)
   * and resolves with how the server exited. stop() still removes the data directory afterwards.
   */
  signal: (sig: NodeJS.Signals) => Promise<{ code: number | null; signal: string | null }>;
};

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const READY_TIMEOUT_MS = 60_000;
// Variables of the caller's shell that would point the server somewhere other than its own
// temp database and outbox (a real Postgres, real email delivery, another public URL).
const STRIPPED_ENV = [
  "DATABASE_URL",
  "RESEND_API_KEY",
  "APP_URL",
  "AUTH_URL",
  "NEXTAUTH_URL",
  "AUTH_SECRET",
  "REDIS_URL",
  "PORT",
  // Outbound requests to 127.0.0.1 are refused unless a test opts in (R-SEC-SSRF).
  "GATEHOUSE_ALLOW_PRIVATE_TARGETS",
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Kills the server's process group (next start may fork), SIGKILL if it lingers. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  const done = await Promise.race([exited(child).then(() => true), sleep(5_000).then(() => false)]);
  if (!done) {
    signal("SIGKILL");
    await exited(child);
  }
}

/**
 * Starts `next start` on a free loopback port with a fresh temp data directory. The app
 * migrates (and with `seed`, seeds the demo organisation) itself at start-up.
 * Requires a build (`next build`) in .next.
 */
export async function startServer({
  seed,
  env = {},
}: {
  seed: boolean;
  env?: Record<string, string>;
}): Promise<TestServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "gatehouse-e2e-"));
  // Already migrated (tests/helpers/e2e-global-setup.ts): the server's own migration run finds
  // nothing to apply.
  cpSync(inject("e2ePgliteTemplateDir"), path.join(dataDir, "pglite"), { recursive: true });
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of STRIPPED_ENV) delete childEnv[name];
  Object.assign(childEnv, {
    NODE_ENV: "production",
    GATEHOUSE_LOCAL: "1",
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_SEED: seed ? "1" : "0",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    // Links in emails are built from APP_URL only (R-SEC-LINKS): the server's own address.
    APP_URL: `http://127.0.0.1:${port}`,
    ...env,
  });

  const child = spawn(
    process.execPath,
    [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
      // Own process group, so stop() can end next and anything it forks, and nothing else.
      detached: true,
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await kill(child);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
      process.kill(-child.pid, sig);
    await exited(child);
    return { code: child.exitCode, signal: child.signalCode };
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      lastProblem = `server exited (code ${child.exitCode}, signal ${child.signalCode})`;
      break;
    }
    try {
      const res = await fetch(`${baseUrl}/admin/login`, {
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.status === 200) return { baseUrl, dataDir, output: () => output, stop, signal };
      lastProblem = `GET /admin/login answered ${res.status}`;
    } catch (err) {
      lastProblem = err instanceof Error ? err.message : String(err);
    }
    await sleep(250);
  }
  await stop();
  throw new Error(
    `next start did not become ready on ${baseUrl} within ${READY_TIMEOUT_MS / 1000} s (${lastProblem}).\n` +
      `Was the app built (npm run build)?\n--- server output ---\n${output || "(none)"}\n--- end ---`,
  );
}

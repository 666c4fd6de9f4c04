/**
 * `npm run bench:gateway` — measures the gateway against ceilings built here, side by side on the
 * same machine, and writes the figures into docs/BENCHMARKS.md.
 * Needs Postgres (TEST_DATABASE_URL or 127.0.0.1:5432), NGINX, and a `next build` in .next
 * (NEXT_DIR=<dir with .next> to use another checkout's build; --no-next skips the Next.js pair).
 * Not part of npm test / CI. Runs in about 3 minutes.
 *
 * Besides req/s it measures what does not move with the machine's load: the CPU each server
 * process spends per call (its own process.cpuUsage(), asked over an IPC channel before and after
 * a fixed count of calls), and a CPU profile of the verifier under load (node --cpu-prof), whose
 * top self-time frames go into the report.
 * Quick mode for iterating: BENCH_SECONDS=2 BENCH_ROUNDS=1 BENCH_CPU_CALLS=10000 … --no-next
 * (--no-nginx and --no-cold skip those parts too; --no-write prints without touching the docs).
 * --profile-cold: the cold rounds go to a verifier of their own under --cpu-prof; its summary is
 * printed and the profile kept (its path printed), for reading the cold path's cost.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { generateKey, hashKey } from "@/lib/keys/format";
import { makeDeveloper, makeOrg } from "@/tests/helpers/db";
import {
  makeApi,
  makeGatewayToken,
  makeKey,
  makeKeysAcrossDevelopers,
  makePolicy,
} from "@/tests/helpers/gateway-fixtures";
import {
  freePort,
  gatewayNginxConfig,
  NGINX_BIN,
  startNginx,
  waitForHttp,
} from "@/tests/helpers/gateway-nginx";
import { tempPostgres } from "@/tests/helpers/gateway-services";
import { type LoadResult, load, loadCount, loadEach } from "./bench-load";
import { profileMarkdown, type ProfileSummary, summariseProfile } from "./bench-profile";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const CPU_CALLS = Number(process.env.BENCH_CPU_CALLS ?? 50_000);
/** Distinct keys per cold run and round, each used once. */
const COLD_KEYS = 1000;
const withNext = !process.argv.includes("--no-next");
const withNginx = !process.argv.includes("--no-nginx");
const withCold = !process.argv.includes("--no-cold");
const writeDocs = !process.argv.includes("--no-write");
const profileCold = process.argv.includes("--profile-cold");
const NEXT_DIR = process.env.NEXT_DIR ?? ROOT;
const LOAD_AVERAGE_1M = loadavg()[0] ?? 0;
const LOAD_AT_START = loadavg()
  .map((l) => l.toFixed(1))
  .join(" / ");

function spawnLogged(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = ROOT,
): { child: ChildProcess; output: () => string } {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  return { child, output: () => out };
}

function killGroup(child: ChildProcess): void {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // gone already
    }
  }
}

/** The ceiling for any Node verifier: hash the key, look it up in a Map, answer. */
const TRIVIAL = `
const http = require("node:http"); const { createHash } = require("node:crypto");
const known = new Map([[process.env.KEY_HASH, "dev"]]);
let served = 0;
http.createServer((req, res) => {
  served++;
  const key = req.headers["x-api-key"] || "";
  const ok = known.has(createHash("sha256").update(key).digest("hex"));
  res.writeHead(ok ? 200 : 401, { "content-length": 0 }); res.end();
}).listen(Number(process.env.PORT), "127.0.0.1");
process.on("message", (m) => {
  if (m === "gatehouse:cpu-usage") process.send({ cpu: process.cpuUsage(), served });
});
process.on("SIGTERM", () => process.exit(0));`;

type NodeServer = {
  child: ChildProcess;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * A Node server process with an IPC channel (the CPU side channel), optionally under
 * --cpu-prof. stop() sends SIGTERM and waits for the exit, so a profile is written.
 */
async function startNodeServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
  nodeArgs: string[] = [],
): Promise<NodeServer> {
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}${readyPath}`, 30_000, () => true);
  } catch (err) {
    await stop();
    throw new Error(`${args.join(" ")} did not start: ${String(err)}\n${out}`);
  }
  return { child, port, output: () => out, stop };
}

/** The server's own CPU time (user + system, µs) and the calls it has served, over IPC. */
function cpuOf(child: ChildProcess): Promise<{ micros: number; served: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer on the CPU side channel")), 5000);
    child.once("message", (m: unknown) => {
      clearTimeout(timer);
      const v = m as { cpu: { user: number; system: number }; served: number };
      resolve({ micros: v.cpu.user + v.cpu.system, served: v.served });
    });
    child.send("gatehouse:cpu-usage");
  });
}

/** CPU µs per call of one server over exactly `calls` calls (after a warm-up). */
async function cpuPerCall(
  server: NodeServer,
  url: string,
  headers: Record<string, string>,
  calls: number,
): Promise<{ perCall: number; rps: number; non2xx: number }> {
  const before = await cpuOf(server.child);
  const r = await loadCount({ url, headers, amount: calls, connections: CONNECTIONS });
  const after = await cpuOf(server.child);
  const served = after.served - before.served;
  return {
    perCall: (after.micros - before.micros) / Math.max(1, served),
    rps: r.rps,
    non2xx: r.non2xx + r.errors,
  };
}

async function main(): Promise<void> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    console.log(`» load average at the start: ${LOAD_AT_START}`);
    console.log("» preparing a throwaway Postgres database and fixtures");
    const pg = await tempPostgres("gh_bench");
    cleanups.push(() => pg.drop());
    const db = pg.handle.db;
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const api = await makeApi(db, org.id, "weather", "/weather/");
    // Limits far above what the bench sends: every call is verified, limited, counted, and allowed.
    const policy = await makePolicy(db, org.id, {
      rate: 1_000_000_000,
      per: 60,
      quotaMax: 1_000_000_000,
      quotaRenewalSeconds: 86_400,
      access: [{ apiId: api.id }],
    });
    const key = await makeKey(db, org.id, dev.id, [policy.id]);
    const token = await makeGatewayToken(db, org.id);
    // Cold keys: COLD_KEYS fresh keys per run and round, four per developer (an organisation's
    // developers hold a few keys each), every one with the policy. Not one developer with
    // thousands of keys: before autovacuum's first ANALYZE the planner guesses that one
    // developer's keys are a handful and may find a key through (organisation, developer) —
    // thousands of rows for that developer. No ANALYZE here either: an ANALYZE of the empty
    // quota_usage makes a cached plan scan it until the next one, while the run fills it.
    const coldRuns = withCold ? 2 * ROUNDS : 0;
    const cold = Array.from({ length: coldRuns * COLD_KEYS }, () => generateKey());
    await makeKeysAcrossDevelopers(db, org.id, policy.id, cold, {
      perDeveloper: 4,
      emailPrefix: "cold",
      passwordHash: dev.passwordHash,
    });

    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-bench-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, "trivial.cjs"), TRIVIAL);
    const startTrivial = async (nodeArgs: string[] = []) => {
      const port = await freePort();
      const server = await startNodeServer(
        [path.join(dir, "trivial.cjs")],
        { ...process.env, PORT: String(port), KEY_HASH: hashKey(key.plaintext) },
        port,
        "/",
        nodeArgs,
      );
      cleanups.push(() => server.stop());
      return server;
    };
    // `npm run gateway` without the tsx CLI wrapper: the IPC channel and --cpu-prof reach the
    // verifier's own process.
    const startStandalone = async (nodeArgs: string[] = []) => {
      const port = await freePort();
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const name of ["REDIS_URL", "PORT"]) delete env[name];
      const server = await startNodeServer(
        ["--import", "tsx", "scripts/gateway.ts"],
        {
          ...env,
          NODE_ENV: "production",
          AUTH_SECRET: randomBytes(32).toString("hex"),
          DATABASE_URL: pg.url,
          GATEWAY_CACHE_TTL_SECONDS: "10",
          GATEWAY_PORT: String(port),
          GATEWAY_HOST: "127.0.0.1",
        },
        port,
        "/api/gateway/health",
        nodeArgs,
      );
      cleanups.push(() => server.stop());
      return server;
    };
    const trivial = await startTrivial();
    const trivialPort = trivial.port;
    console.log("» starting the standalone verifier (in-process counters, Postgres)");
    const verifierServer = await startStandalone();
    const verifier = {
      port: verifierServer.port,
      baseUrl: `http://127.0.0.1:${verifierServer.port}`,
    };

    const keyHeaders = { "x-api-key": key.plaintext };
    const authHeaders = {
      ...keyHeaders,
      "x-gatehouse-gateway-token": token.plaintext,
      "x-original-uri": "/weather/today",
      "x-original-method": "GET",
    };
    const results: Record<string, LoadResult> = {};
    const cpu: Record<string, number> = {};
    let profile: ProfileSummary | null = null;
    let trivialProfile: ProfileSummary | null = null;
    type Target = Omit<Parameters<typeof load>[0], "duration" | "connections">;
    /**
     * The runs of one comparison, interleaved for ROUNDS rounds; each figure is the median round.
     * Whatever else the machine is doing then weighs on both sides of a ratio alike.
     */
    const compare = async (targets: Array<[string, Target]>) => {
      const rounds: Record<string, LoadResult[]> = {};
      for (let round = 0; round < ROUNDS; round++) {
        // The order alternates: a stall that comes every few seconds (a full garbage collection
        // of next start) falls in either side's rounds alike, not always in the second's.
        for (const [name, target] of round % 2 ? [...targets].reverse() : targets) {
          const r = await load({ ...target, duration: DURATION, connections: CONNECTIONS });
          (rounds[name] ??= []).push(r);
          console.log(
            `» ${name} (round ${round + 1}/${ROUNDS}) … ${Math.round(r.rps)} req/s, p99 ${r.p99} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ""}`,
          );
        }
      }
      for (const [name, list] of Object.entries(rounds)) results[name] = median(list);
    };

    // CPU per decision: each server's own CPU time over a fixed count of calls, interleaved.
    {
      const targets: Array<[string, NodeServer, string, Record<string, string>]> = [
        ["trivial", trivial, `http://127.0.0.1:${trivialPort}/auth`, keyHeaders],
        ["verifier", verifierServer, `${verifier.baseUrl}/api/gateway/auth`, authHeaders],
      ];
      for (const [, , url, headers] of targets)
        await load({ url, headers, duration: 1, connections: CONNECTIONS });
      const perCall: Record<string, number[]> = {};
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, server, url, headers] of targets) {
          const r = await cpuPerCall(server, url, headers, CPU_CALLS);
          (perCall[name] ??= []).push(r.perCall);
          console.log(
            `» CPU per call, ${name} (round ${round + 1}/${ROUNDS}, ${CPU_CALLS} calls) … ${r.perCall.toFixed(1)} µs${r.non2xx ? `, ${r.non2xx} non-2xx/errors` : ""}`,
          );
        }
      }
      for (const [name, list] of Object.entries(perCall)) {
        const sorted = [...list].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        // The median; with an even count, the mean of the two middle rounds.
        cpu[name] =
          sorted.length % 2
            ? (sorted[mid] ?? NaN)
            : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
      }
    }

    await compare([
      ["trivial", { url: `http://127.0.0.1:${trivialPort}/auth`, headers: keyHeaders }],
      ["verifier", { url: `${verifier.baseUrl}/api/gateway/auth`, headers: authHeaders }],
    ]);

    // CPU profiles under the same load, each server in a process of its own (--cpu-prof).
    {
      const profDir = path.join(dir, "profiles");
      const profiled = async (
        name: string,
        start: (args: string[]) => Promise<NodeServer>,
        pathname: string,
        headers: Record<string, string>,
      ): Promise<ProfileSummary> => {
        const sub = path.join(profDir, name);
        const server = await start([
          "--cpu-prof",
          `--cpu-prof-dir=${sub}`,
          "--cpu-prof-interval=250",
        ]);
        const url = `http://127.0.0.1:${server.port}${pathname}`;
        const fromMicros = Number(process.hrtime.bigint() / 1000n);
        await load({ url, headers, duration: DURATION, connections: CONNECTIONS });
        await server.stop();
        const file = readdirSync(sub).find((f) => f.endsWith(".cpuprofile"));
        if (!file) throw new Error(`no CPU profile written for ${name}\n${server.output()}`);
        return summariseProfile(JSON.parse(readFileSync(path.join(sub, file), "utf8")), ROOT, {
          fromMicros,
        });
      };
      process.stdout.write("» CPU profile of the verifier under load … ");
      profile = await profiled("verifier", startStandalone, "/api/gateway/auth", authHeaders);
      console.log("done");
      process.stdout.write("» CPU profile of the trivial server under load … ");
      trivialProfile = await profiled("trivial", startTrivial, "/auth", keyHeaders);
      console.log("done");
    }

    if (withNginx) {
      const [upstream, plain, viaTrivial, viaVerifier] = [
        await freePort(),
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      const nginx = await startNginx(
        (d) =>
          gatewayNginxConfig({
            dir: d,
            upstream,
            // The load generator's connections live for the whole run, as a gateway's clients'
            // would; at NGINX's default of 1,000 requests each, every NGINX round counted
            // connection errors and a p99 of 5 ms from the reconnections alone.
            clientKeepaliveRequests: 10_000_000,
            fronts: [
              { port: plain },
              {
                port: viaTrivial,
                auth: {
                  verifier: `127.0.0.1:${trivialPort}`,
                  authPath: "/auth",
                  gatewayToken: token.plaintext,
                },
              },
              {
                port: viaVerifier,
                auth: {
                  verifier: `127.0.0.1:${verifier.port}`,
                  authPath: "/api/gateway/auth",
                  gatewayToken: token.plaintext,
                },
              },
            ],
          }),
        plain,
      );
      cleanups.push(() => nginx.stop());

      await compare([
        ["nginx", { url: `http://127.0.0.1:${plain}/weather/today` }],
        [
          "nginx+trivial",
          { url: `http://127.0.0.1:${viaTrivial}/weather/today`, headers: keyHeaders },
        ],
        [
          "nginx+verifier",
          { url: `http://127.0.0.1:${viaVerifier}/weather/today`, headers: keyHeaders },
        ],
      ]);
    }
    // Cold keys: each used once, so every call is a cache miss → one Postgres round trip. Like
    // the other comparisons, rounds interleaved and each figure the median round; every round
    // has keys of its own.
    if (withCold) {
      const coldProfDir = profileCold
        ? mkdtempSync(path.join(tmpdir(), "gatehouse-cold-prof-"))
        : null;
      const coldServer = coldProfDir
        ? await startStandalone(["--cpu-prof", `--cpu-prof-dir=${coldProfDir}`])
        : verifierServer;
      const coldBase = `http://127.0.0.1:${coldServer.port}`;
      const coldFrom = Number(process.hrtime.bigint() / 1000n);
      const runs: Array<[string, number]> = [
        ["cold c1", 1],
        ["cold c10", CONNECTIONS],
      ];
      const rounds: Record<string, LoadResult[]> = {};
      let next = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, connections] of round % 2 ? [...runs].reverse() : runs) {
          const offset = next;
          next += COLD_KEYS;
          const r = await loadEach({
            url: `${coldBase}/api/gateway/auth`,
            connections,
            headersFor: (i) => ({ ...authHeaders, "x-api-key": cold[offset + i]?.key ?? "" }),
            amount: COLD_KEYS,
          });
          (rounds[name] ??= []).push(r);
          console.log(
            `» ${name} (cache miss → Postgres, ${connections} connection(s), round ${round + 1}/${ROUNDS}) … p50 ${r.p50} ms, p99 ${r.p99} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ""}`,
          );
        }
      }
      for (const [name, list] of Object.entries(rounds)) results[name] = median(list);
      if (coldProfDir) {
        await coldServer.stop();
        const file = readdirSync(coldProfDir).find((f) => f.endsWith(".cpuprofile"));
        if (!file) throw new Error(`no CPU profile of the cold rounds\n${coldServer.output()}`);
        const at = path.join(coldProfDir, file);
        const summary = summariseProfile(JSON.parse(readFileSync(at, "utf8")), ROOT, {
          fromMicros: coldFrom,
        });
        console.log(
          `» CPU profile of the cold rounds (kept in ${at}):\n${profileMarkdown(summary)}`,
        );
      }
    }

    if (withNext) {
      if (!existsSync(path.join(NEXT_DIR, ".next", "BUILD_ID")))
        throw new Error(
          `no Next.js build in ${NEXT_DIR}/.next: run npm run build (or pass --no-next)`,
        );
      console.log("» starting next start on the same database");
      const nextPort = await freePort();
      const next = spawnLogged(
        process.execPath,
        [
          path.join(NEXT_DIR, "node_modules", "next", "dist", "bin", "next"),
          "start",
          "-p",
          String(nextPort),
          "-H",
          "127.0.0.1",
        ],
        {
          ...process.env,
          NODE_ENV: "production",
          DATABASE_URL: pg.url,
          AUTH_SECRET: randomBytes(32).toString("hex"),
          APP_URL: `http://127.0.0.1:${nextPort}`,
          GATEHOUSE_SEED: "0",
          NEXT_TELEMETRY_DISABLED: "1",
          PORT: String(nextPort),
          REDIS_URL: "",
        },
        NEXT_DIR,
      );
      cleanups.push(() => killGroup(next.child));
      await waitForHttp(
        `http://127.0.0.1:${nextPort}/api/gateway/health`,
        60_000,
        (s) => s === 200,
      ).catch((err: unknown) => {
        throw new Error(`next start did not answer: ${String(err)}\n${next.output()}`);
      });
      const body = JSON.stringify({ key: key.plaintext, api: "weather", method: "GET" });
      await compare([
        ["next health", { url: `http://127.0.0.1:${nextPort}/api/gateway/health` }],
        [
          "next verify",
          {
            url: `http://127.0.0.1:${nextPort}/api/gateway/verify`,
            method: "POST",
            body,
            headers: {
              authorization: `Bearer ${token.plaintext}`,
              "content-type": "application/json",
            },
          },
        ],
        // Reported beside it: the same decision without a body to read (NGINX's path).
        [
          "next auth",
          { url: `http://127.0.0.1:${nextPort}/api/gateway/auth`, headers: authHeaders },
        ],
      ]);
    }
    writeReport(results, cpu, profile, trivialProfile);
  } finally {
    await cleanup();
  }
}

/** Each figure the median of its rounds (req/s, p50 and p99 each on their own). */
function median(list: LoadResult[]): LoadResult {
  const mid = (pick: (r: LoadResult) => number) => {
    const v = list.map(pick).sort((a, b) => a - b);
    const i = Math.floor(v.length / 2);
    return v.length % 2 ? (v[i] ?? 0) : ((v[i - 1] ?? 0) + (v[i] ?? 0)) / 2;
  };
  return {
    rps: mid((r) => r.rps),
    p50: mid((r) => r.p50),
    p99: mid((r) => r.p99),
    non2xx: mid((r) => r.non2xx),
    errors: mid((r) => r.errors),
    total: mid((r) => r.total),
  };
}

function writeReport(
  r: Record<string, LoadResult>,
  cpu: Record<string, number>,
  profile: ProfileSummary | null,
  trivialProfile: ProfileSummary | null,
): void {
  const ratio = (a: string, b: string) => {
    const x = r[a];
    const y = r[b];
    return x && y ? (x.rps / y.rps).toFixed(2) : "—";
  };
  const row = (name: string, what: string) => {
    const x = r[name];
    return x
      ? `| ${what} | ${Math.round(x.rps).toLocaleString("en-GB")} | ${x.p50} | ${x.p99} | ${x.non2xx + x.errors} |`
      : `| ${what} | not run | — | — | — |`;
  };
  const nginxVersion = spawnSync(NGINX_BIN, ["-v"], { encoding: "utf8" })
    .stderr.trim()
    .replace("nginx version: ", "");
  const machine = cpus();
  const when = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const target = (v: string, t: number) =>
    v === "—" ? "not run" : Number(v) >= t ? "met" : "**missed**";
  const p99 = (name: string) => r[name]?.p99 ?? NaN;
  const cpuRatio = cpu.verifier && cpu.trivial ? cpu.verifier / cpu.trivial : NaN;
  const nextP99Limit = p99("next health") * 1.25;
  const nextP99 = Number.isNaN(p99("next verify"))
    ? "not run"
    : p99("next verify") <= nextP99Limit
      ? "p99 met"
      : "p99 **missed**";
  const cold10 = Number.isNaN(p99("cold c10"))
    ? "not run"
    : p99("cold c10") <= 10
      ? "met"
      : "**missed**";
  const section = `<!-- bench:gateway:start -->
### Latest run — ${when}

Machine: ${machine.length} × ${machine[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${nginxVersion}, Postgres (local); **load average ${LOAD_AT_START} at the start**${LOAD_AVERAGE_1M >= 1 ? " — not idle: req/s and p99 below are skewed by other work; CPU per call and the profile are not" : ""}. Load: autocannon, ${CONNECTIONS} connections, in the bench process; the runs of each comparison interleaved for ${ROUNDS} round(s) of ${DURATION} s (after 1 s of warm-up each), in alternating order, each figure (req/s, p50, p99) the median of its rounds; every server shares the same ${machine.length} cores.

**CPU per decision** (each server's own \`process.cpuUsage()\` over ${CPU_CALLS.toLocaleString("en-GB")} calls at ${CONNECTIONS} connections, asked over an IPC channel before and after; median of ${ROUNDS} round(s)):

| Server | CPU µs per call |
| --- | ---: |
| Trivial node:http verifier (SHA-256 + Map) | ${fmt(cpu.trivial)} |
| Standalone verifier \`/api/gateway/auth\`, cached key (token, key, expiry, access, rate limit, quota, usage) | ${fmt(cpu.verifier)} |

| Run | req/s | p50 ms | p99 ms | non-2xx + errors |
| --- | ---: | ---: | ---: | ---: |
${row("trivial", "Trivial node:http verifier (SHA-256 + Map), direct")}
${row("verifier", "Standalone verifier \`/api/gateway/auth\`, direct, cached key")}
${row("nginx", "NGINX → upstream, no auth")}
${row("nginx+trivial", "NGINX auth_request → trivial verifier")}
${row("nginx+verifier", "NGINX auth_request → standalone verifier")}
${row("cold c1", "Standalone verifier, cold keys (1,000 distinct keys per round, each once), 1 connection")}
${row("cold c10", "Standalone verifier, cold keys (1,000 distinct keys per round, each once), 10 connections")}
${row("next health", "Next.js \`/api/gateway/health\` (does nothing)")}
${row("next verify", "Next.js \`/api/gateway/verify\`, cached key")}
${row("next auth", "Next.js \`/api/gateway/auth\`, cached key (no body)")}

| Ratio | Measured | Target | Result |
| --- | ---: | ---: | --- |
| CPU per call, standalone verifier / trivial server | ${Number.isNaN(cpuRatio) ? "—" : cpuRatio.toFixed(2)}× | ≤ 1.6× | ${Number.isNaN(cpuRatio) ? "not run" : cpuRatio <= 1.6 ? "met" : "**missed**"} |
| Standalone verifier / trivial server (req/s) | ${ratio("verifier", "trivial")}× (p99 ${p99("verifier")} ms) | ≥ 0.6×, p99 ≤ 5 ms | ${target(ratio("verifier", "trivial"), 0.6)}${p99("verifier") > 5 ? ", p99 **missed**" : ""} |
| NGINX→verifier / NGINX→trivial | ${ratio("nginx+verifier", "nginx+trivial")}× | ≥ 0.8× | ${target(ratio("nginx+verifier", "nginx+trivial"), 0.8)} |
| NGINX→trivial / NGINX without auth (NGINX's own subrequest cost) | ${ratio("nginx+trivial", "nginx")}× | (reported) | — |
| Next.js verify / Next.js no-op route | ${ratio("next verify", "next health")}× (p99 ${p99("next verify")} vs ${p99("next health")} ms) | ≥ 0.7×, p99 ≤ 1.25× the no-op's | ${target(ratio("next verify", "next health"), 0.7)}, ${nextP99} |
| Next.js auth / Next.js no-op route | ${ratio("next auth", "next health")}× (p99 ${p99("next auth")} vs ${p99("next health")} ms) | (reported: no body to read) | — |
| Cold key p99 at the standalone verifier (1 / 10 connections) | ${p99("cold c1")} / ${p99("cold c10")} ms | ≤ 10 ms at 10 connections | ${cold10} |

### CPU profile of the standalone verifier under load (\`node --cpu-prof\`, ${DURATION} s at ${CONNECTIONS} connections)

${profile ? profileMarkdown(profile) : "not run"}

The trivial server under the same load, for comparison (its floor is Node's own HTTP code):

${trivialProfile ? profileMarkdown({ ...trivialProfile, top: trivialProfile.top.slice(0, 8) }) : "not run"}
<!-- bench:gateway:end -->`;
  console.log(`\n${section}\n`);
  if (!writeDocs) return;
  const file = path.join(ROOT, "docs", "BENCHMARKS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const next = current.includes("<!-- bench:gateway:start -->")
    ? current.replace(/<!-- bench:gateway:start -->[\s\S]*<!-- bench:gateway:end -->/, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log("✓ written to docs/BENCHMARKS.md");
}

function fmt(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? "not run" : x.toFixed(1);
}

await main();

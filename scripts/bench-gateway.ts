/**
 * `npm run bench:gateway` — measures the gateway against ceilings built here, side by side on the
 * same machine, and writes the figures into docs/BENCHMARKS.md.
 * Needs Postgres (TEST_DATABASE_URL or 127.0.0.1:5432), NGINX, and a `next build` in .next
 * (NEXT_DIR=<dir with .next> to use another checkout's build; --no-next skips the Next.js pair).
 * Not part of npm test / CI. Runs in about 2 minutes.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { keyPolicies, keys } from "@/db/schema";
import { generateKey, hashKey } from "@/lib/keys/format";
import { makeDeveloper, makeOrg } from "@/tests/helpers/db";
import { makeApi, makeGatewayToken, makeKey, makePolicy } from "@/tests/helpers/gateway-fixtures";
import {
  freePort,
  gatewayNginxConfig,
  NGINX_BIN,
  startNginx,
  waitForHttp,
} from "@/tests/helpers/gateway-nginx";
import { startVerifier, tempPostgres } from "@/tests/helpers/gateway-services";
import { type LoadResult, load, loadEach } from "./bench-load";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const withNext = !process.argv.includes("--no-next");
const NEXT_DIR = process.env.NEXT_DIR ?? ROOT;
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
http.createServer((req, res) => {
  const key = req.headers["x-api-key"] || "";
  const ok = known.has(createHash("sha256").update(key).digest("hex"));
  res.writeHead(ok ? 200 : 401, { "content-length": 0 }); res.end();
}).listen(Number(process.env.PORT), "127.0.0.1");`;

async function main(): Promise<void> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
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
    const cold = Array.from({ length: 2000 }, () => generateKey());
    for (let i = 0; i < cold.length; i += 500) {
      const rows = await db
        .insert(keys)
        .values(
          cold
            .slice(i, i + 500)
            .map((k) => ({ orgId: org.id, developerId: dev.id, hash: k.hash, start: k.start })),
        )
        .returning({ id: keys.id });
      await db
        .insert(keyPolicies)
        .values(rows.map((r) => ({ orgId: org.id, keyId: r.id, policyId: policy.id })));
    }

    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-bench-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, "trivial.cjs"), TRIVIAL);
    const trivialPort = await freePort();
    const trivial = spawnLogged(process.execPath, [path.join(dir, "trivial.cjs")], {
      ...process.env,
      PORT: String(trivialPort),
      KEY_HASH: hashKey(key.plaintext),
    });
    cleanups.push(() => killGroup(trivial.child));
    await waitForHttp(`http://127.0.0.1:${trivialPort}/`, 10_000, () => true);

    console.log("» starting the standalone verifier (in-process counters, Postgres)");
    const verifier = await startVerifier({ DATABASE_URL: pg.url, GATEWAY_CACHE_TTL_SECONDS: "10" });
    cleanups.push(() => verifier.stop());

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

    const keyHeaders = { "x-api-key": key.plaintext };
    const authHeaders = {
      ...keyHeaders,
      "x-gatehouse-gateway-token": token.plaintext,
      "x-original-uri": "/weather/today",
      "x-original-method": "GET",
    };
    const results: Record<string, LoadResult> = {};
    type Target = Omit<Parameters<typeof load>[0], "duration" | "connections">;
    /**
     * The runs of one comparison, interleaved for ROUNDS rounds; each figure is the median round.
     * Whatever else the machine is doing then weighs on both sides of a ratio alike.
     */
    const compare = async (targets: Array<[string, Target]>) => {
      const rounds: Record<string, LoadResult[]> = {};
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, target] of targets) {
          const r = await load({ ...target, duration: DURATION, connections: CONNECTIONS });
          (rounds[name] ??= []).push(r);
          console.log(
            `» ${name} (round ${round + 1}/${ROUNDS}) … ${Math.round(r.rps)} req/s, p99 ${r.p99} ms${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ""}`,
          );
        }
      }
      for (const [name, list] of Object.entries(rounds)) results[name] = median(list);
    };

    await compare([
      ["trivial", { url: `http://127.0.0.1:${trivialPort}/auth`, headers: keyHeaders }],
      ["verifier", { url: `${verifier.baseUrl}/api/gateway/auth`, headers: authHeaders }],
    ]);
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
    // Cold keys: each used once, so every call is a cache miss → one Postgres round trip.
    for (const [name, connections, offset] of [
      ["cold c1", 1, 0],
      ["cold c10", CONNECTIONS, cold.length / 2],
    ] as const) {
      process.stdout.write(`» ${name} (cache miss → Postgres, ${connections} connection(s)) … `);
      results[name] = await loadEach({
        url: `${verifier.baseUrl}/api/gateway/auth`,
        connections,
        headersFor: (i) => ({ ...authHeaders, "x-api-key": cold[offset + i]?.key ?? "" }),
        amount: cold.length / 2,
      });
      console.log(
        `p50 ${results[name].p50} ms, p99 ${results[name].p99} ms, ${results[name].non2xx} non-2xx`,
      );
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
      );
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
      ]);
    }
    writeReport(results);
  } finally {
    await cleanup();
  }
}

function median(list: LoadResult[]): LoadResult {
  const sorted = [...list].sort((a, b) => a.rps - b.rps);
  return (
    sorted[Math.floor(sorted.length / 2)] ?? {
      rps: 0,
      p50: 0,
      p99: 0,
      non2xx: 0,
      errors: 0,
      total: 0,
    }
  );
}

function writeReport(r: Record<string, LoadResult>): void {
  const ratio = (a: string, b: string) => {
    const x = r[a];
    const y = r[b];
    return x && y ? (x.rps / y.rps).toFixed(2) : "—";
  };
  const row = (name: string, what: string) => {
    const x = r[name];
    return x
      ? `| ${what} | ${Math.round(x.rps).toLocaleString("en-GB")} | ${x.p50} | ${x.p99} | ${x.non2xx + x.errors} |`
      : `| ${what} | — | — | — | — |`;
  };
  const nginxVersion = spawnSync(NGINX_BIN, ["-v"], { encoding: "utf8" })
    .stderr.trim()
    .replace("nginx version: ", "");
  const cpu = cpus();
  const when = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const target = (v: string, t: number) =>
    v === "—" ? "not run" : Number(v) >= t ? "met" : "**missed**";
  const p99 = (name: string) => r[name]?.p99 ?? NaN;
  const section = `<!-- bench:gateway:start -->
## Latest run — ${when}

Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${nginxVersion}, Postgres (local); load average ${LOAD_AT_START} at the start (other work on the machine skews every figure alike). Load: autocannon, ${CONNECTIONS} connections, in the bench process; the runs of each comparison interleaved for ${ROUNDS} rounds of ${DURATION} s (after 1 s of warm-up each), each figure the median round; every server shares the same 2 cores.

| Run | req/s | p50 ms | p99 ms | non-2xx + errors |
| --- | ---: | ---: | ---: | ---: |
${row("trivial", "Trivial node:http verifier (SHA-256 + Map), direct")}
${row("verifier", "Standalone verifier \`/api/gateway/auth\`, direct, cached key")}
${row("nginx", "NGINX → upstream, no auth")}
${row("nginx+trivial", "NGINX auth_request → trivial verifier")}
${row("nginx+verifier", "NGINX auth_request → standalone verifier")}
${row("cold c1", "Standalone verifier, cold keys (1,000 distinct keys, each once), 1 connection")}
${row("cold c10", "Standalone verifier, cold keys (1,000 distinct keys, each once), 10 connections")}
${row("next health", "Next.js \`/api/gateway/health\` (does nothing)")}
${row("next verify", "Next.js \`/api/gateway/verify\`, cached key")}

| Ratio | Measured | Target | Result |
| --- | ---: | ---: | --- |
| Standalone verifier / trivial server | ${ratio("verifier", "trivial")}× (p99 ${p99("verifier")} ms) | ≥ 0.6×, p99 ≤ 5 ms | ${target(ratio("verifier", "trivial"), 0.6)}${p99("verifier") > 5 ? ", p99 **missed**" : ""} |
| NGINX→verifier / NGINX→trivial | ${ratio("nginx+verifier", "nginx+trivial")}× | ≥ 0.8× | ${target(ratio("nginx+verifier", "nginx+trivial"), 0.8)} |
| NGINX→trivial / NGINX without auth (NGINX's own subrequest cost) | ${ratio("nginx+trivial", "nginx")}× | (reported) | — |
| Next.js verify / Next.js no-op route | ${ratio("next verify", "next health")}× (p99 ${p99("next verify")} ms) | ≥ 0.7×, p99 ≤ 20 ms | ${target(ratio("next verify", "next health"), 0.7)}${p99("next verify") > 20 ? ", p99 **missed**" : ""} |
| Cold key p99 at the standalone verifier (1 / 10 connections) | ${p99("cold c1")} / ${p99("cold c10")} ms | ≤ 10 ms | ${p99("cold c1") <= 10 ? "met" : "**missed**"} / ${p99("cold c10") <= 10 ? "met" : "**missed**"} |
<!-- bench:gateway:end -->`;
  const file = path.join(ROOT, "docs", "BENCHMARKS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const next = current.includes("<!-- bench:gateway:start -->")
    ? current.replace(/<!-- bench:gateway:start -->[\s\S]*<!-- bench:gateway:end -->/, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log(`\n${section}\n\n✓ written to docs/BENCHMARKS.md`);
}

await main();

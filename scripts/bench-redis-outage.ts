/**
 * `npm run bench:redis-outage` — what a Redis outage costs the gateway's callers (R-GW-VERIFY,
 * R-SCALE): the standalone verifier with Redis counters behind a TCP proxy (tests/helpers/
 * tcp-proxy.ts) that cuts the connection (Redis down) and then stalls it (a partition), under a
 * steady load of /api/gateway/auth calls; then how long a key revoked by another process takes to
 * be refused at the verifier (Redis pub/sub). Prints a table and rewrites its section of
 * docs/BENCHMARKS.md. Needs Postgres and Redis (TEST_REDIS_URL or 127.0.0.1:6379). ~20 s.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { keys } from "@/db/schema";
import { makeGatewayWorld, makeKey } from "@/tests/helpers/gateway-fixtures";
import { TEST_REDIS_URL } from "@/tests/helpers/gateway-redis";
import { startVerifier, tempPostgres } from "@/tests/helpers/gateway-services";
import { startTcpProxy } from "@/tests/helpers/tcp-proxy";

const ROOT = path.resolve(import.meta.dirname, "..");
const TIMEOUT_MS = Number(process.env.GATEWAY_DB_TIMEOUT_MS ?? 1500);
const CLIENTS = 4;
const withInvalidation = !process.argv.includes("--no-invalidation");

type Sample = { phase: string; status: number; ms: number };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) : 0;
};

async function main(): Promise<void> {
  const pg = await tempPostgres("gh_bench");
  const proxy = await startTcpProxy(TEST_REDIS_URL);
  const db = pg.handle.db;
  const w = await makeGatewayWorld(db, {
    rate: 1_000_000_000,
    per: 60,
    quotaMax: 1_000_000_000,
    quotaRenewalSeconds: 86_400,
  });
  const verifier = await startVerifier({
    DATABASE_URL: pg.url,
    REDIS_URL: proxy.url,
    GATEWAY_CACHE_TTL_SECONDS: "10",
    GATEWAY_DB_TIMEOUT_MS: String(TIMEOUT_MS),
    PASSWORD_HASH_LOG2N: "17",
  });
  const call = async (key: string) => {
    const t0 = performance.now();
    const res = await fetch(`${verifier.baseUrl}/api/gateway/auth`, {
      headers: {
        "x-original-uri": "/weather/x",
        "x-api-key": key,
        "x-gatehouse-gateway-token": w.token.plaintext,
      },
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  };

  const samples: Sample[] = [];
  let phase = "healthy";
  let stop = false;
  const client = async () => {
    while (!stop) {
      const r = await call(w.key.plaintext);
      samples.push({ phase, ...r });
      await sleep(5);
    }
  };
  const firstOk = async () => {
    const t0 = performance.now();
    while (!samples.some((s) => s.phase === phase && s.status === 200)) await sleep(5);
    return performance.now() - t0;
  };
  const clients = Array.from({ length: CLIENTS }, () => client());
  await sleep(2000);
  phase = "Redis down (connections refused)";
  proxy.cut();
  await sleep(3000);
  phase = "after Redis came back";
  proxy.restore();
  const backAfterCut = await firstOk();
  await sleep(1000);
  phase = "Redis stalled (partition)";
  proxy.stall();
  await sleep(4000);
  phase = "after the stall";
  proxy.restore();
  const backAfterStall = await firstOk();
  await sleep(1000);
  stop = true;
  await Promise.all(clients);

  const phases = [...new Set(samples.map((s) => s.phase))];
  const rows = phases.map((p) => {
    const xs = samples.filter((s) => s.phase === p);
    const ms = xs.map((s) => s.ms);
    const statuses = [...new Set(xs.map((s) => s.status))].sort().join(", ");
    return `| ${p} | ${xs.length} | ${statuses} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 99).toFixed(0)} | ${Math.max(...ms).toFixed(0)} |`;
  });

  let invalidation = "";
  if (withInvalidation) {
    // A process with no gateway runtime revokes keys and publishes, as the console does.
    const { publishInvalidation, closeInvalidationPublisher } =
      await import("@/lib/gateway/invalidation-bus");
    const lat: number[] = [];
    for (let i = 0; i < 20; i++) {
      const k = await makeKey(db, w.org.id, w.developer.id, [w.policy.id]);
      if ((await call(k.plaintext)).status !== 200) throw new Error("fresh key refused");
      await db.update(keys).set({ status: "revoked" }).where(eq(keys.id, k.row.id));
      const t0 = performance.now();
      void publishInvalidation([{ type: "key", id: k.row.id }], TEST_REDIS_URL);
      while ((await call(k.plaintext)).status === 200) {
        if (performance.now() - t0 > 15_000)
          throw new Error("revocation never reached the verifier");
      }
      lat.push(performance.now() - t0);
    }
    await closeInvalidationPublisher();
    invalidation = `Key revoked by another process → refused at the verifier (cache TTL 10 s), 20 keys: median **${pct(lat, 50).toFixed(1)} ms**, max ${Math.max(...lat).toFixed(1)} ms (the poll itself is one call).`;
  }

  await verifier.stop();
  await proxy.close();
  await pg.drop();

  const section = `<!-- bench:redis-outage:start -->
### Latest run — ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}

Standalone verifier, Redis counters through a TCP proxy, \`GATEWAY_DB_TIMEOUT_MS\`=${TIMEOUT_MS};
${CLIENTS} clients calling \`/api/gateway/auth\` in a loop (5 ms apart); load average
${loadavg()
  .map((l) => l.toFixed(1))
  .join(" / ")} at the end.

| Phase | Calls | Statuses | median ms | p99 ms | max ms |
| --- | ---: | --- | ---: | ---: | ---: |
${rows.join("\n")}

First 200 after Redis came back: ${backAfterCut.toFixed(0)} ms after the cut, ${backAfterStall.toFixed(0)} ms after the stall.
${invalidation}
<!-- bench:redis-outage:end -->`;
  console.log(section);
  const file = path.join(ROOT, "docs", "BENCHMARKS.md");
  if (existsSync(file) && !process.argv.includes("--no-write")) {
    const current = readFileSync(file, "utf8");
    if (current.includes("<!-- bench:redis-outage:start -->"))
      writeFileSync(
        file,
        current.replace(
          /<!-- bench:redis-outage:start -->[\s\S]*<!-- bench:redis-outage:end -->/,
          section,
        ),
      );
  }
}

await main();
process.exit(0);

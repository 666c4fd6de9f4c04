/**
 * npm run bench:scale — R-SCALE: every console and portal page fast at 100,000 developers and
 * 10 million calls a month in one organisation.
 *
 * Builds the data set with generate_series in a dedicated Postgres database (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/gatehouse_scale; its name must contain "scale", and it is
 * the only database this script changes: it is created when missing and its schema is rebuilt),
 * then calls the query functions each heavy page calls, with the arguments the page passes,
 * measures p50/p95 per page and EXPLAINs (ANALYZE, BUFFERS) the slowest statement of each.
 * The figures and plans replace the bench:scale section of docs/BENCHMARKS.md.
 * `--reuse` keeps a data set built by an earlier run (migrations still apply). Not run in CI.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createDb, type QueryLogger } from "@/db";
import { runMigrations } from "@/db/migrate";
import { getDeveloper, listDevelopers } from "@/db/queries/developers";
import { getKeyView, listDeveloperKeys, listOrgKeys } from "@/db/queries/keys";
import { getOrgOverview } from "@/db/queries/stats";
import {
  developerUsageSeries,
  keyUsageByApi,
  keyUsageSeries,
  orgUsageByApi,
  orgUsageSeries,
  topDevelopers,
} from "@/db/queries/usage-read";
import { rebuildUsageDaily } from "@/db/queries/usage-write";
import { loadKeyCards } from "@/lib/portal/key-cards";
import { usageRange } from "@/lib/usage/series";

const URL_ = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/gatehouse_scale";
const ORG = "org_scale";
const DEVELOPERS = 100_000;
const RUNS = 40;

function dbName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z0-9_]*scale[a-z0-9_]*$/.test(name))
    throw new Error(`refusing to build the data set in "${name}": the name must contain "scale"`);
  return name;
}

async function ensureDatabase(url: string, name: string) {
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 as x from pg_database where datname = ${name}`;
    if (!row) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

/** 100k developers (+1k in a second organisation), ~96k keys, ~10 M calls in 30 days of hourly rows. */
const BUILD = `
insert into organisations (id, name, slug) values ('${ORG}', 'Scale', 'scale'), ('org_other', 'Other', 'other');
insert into apis (id, org_id, name, slug, listen_path)
  select 'api_' || i, '${ORG}', 'API ' || i, 'api-' || i, '/api' || i || '/' from generate_series(1, 3) i;
insert into apis (id, org_id, name, slug, listen_path) values ('api_o1', 'org_other', 'Other API', 'other', '/other/');
insert into policies (id, org_id, name) select 'pol_' || i, '${ORG}', 'Plan ' || i from generate_series(1, 3) i;
insert into policy_apis (org_id, policy_id, api_id) select '${ORG}', 'pol_' || i, 'api_' || i from generate_series(1, 3) i;
insert into catalog_entries (id, org_id, policy_id, name, slug)
  select 'cat_' || i, '${ORG}', 'pol_' || i, 'Entry ' || i, 'entry-' || i from generate_series(1, 3) i;
insert into developers (id, org_id, email, name, status, created_at)
  select 'dev_' || i, '${ORG}', 'dev' || i || '@example.com', 'Developer ' || i,
         (case when i % 50 = 0 then 'inactive' else 'active' end)::account_status,
         now() - i * interval '1 minute'
  from generate_series(1, ${DEVELOPERS}) i;
insert into developers (id, org_id, email, created_at)
  select 'odev_' || i, 'org_other', 'dev' || i || '@example.com', now() from generate_series(1, 1000) i;
-- One key for 95 % of developers, a second for 1 %; some aliased, revoked or inactive.
insert into keys (id, org_id, developer_id, hash, start, alias, status, created_at)
  select 'key_' || i, '${ORG}', 'dev_' || i, md5('k' || i), 'gh_' || substr(md5('k' || i), 1, 6),
         case when i % 10 = 0 then 'app ' || i end,
         (case when i % 33 = 0 then 'revoked' when i % 50 = 1 then 'inactive' else 'active' end)::key_status,
         now() - i * interval '1 minute' + interval '30 seconds'
  from generate_series(1, ${DEVELOPERS}) i where i % 20 <> 0;
insert into keys (id, org_id, developer_id, hash, start, created_at)
  select 'key_' || i || '_b', '${ORG}', 'dev_' || i, md5('kb' || i), 'gh_' || substr(md5('kb' || i), 1, 6),
         now() - i * interval '1 minute' + interval '40 seconds'
  from generate_series(1, ${DEVELOPERS}) i where i % 100 = 1;
insert into keys (id, org_id, developer_id, hash, start)
  select 'okey_' || i, 'org_other', 'odev_' || i, md5('o' || i), 'gh_o' from generate_series(1, 1000) i;
insert into key_policies (org_id, key_id, policy_id)
  select '${ORG}', id, 'pol_' || (1 + abs(hashtext(id)) % 3) from keys where org_id = '${ORG}';
insert into key_requests (org_id, developer_id, catalog_entry_id, policy_ids, id, created_at)
  select '${ORG}', 'dev_' || (i * 7), 'cat_' || (1 + i % 3), array['pol_' || (1 + i % 3)], 'kreq_' || i,
         now() - i * interval '1 hour'
  from generate_series(1, 300) i;
-- ~2,000 busy keys every hour of 30 days (≈ 7.2 M calls, 1.44 M rows) …
insert into usage_hourly (org_id, key_id, developer_id, api_id, hour, requests, successes, errors)
  select '${ORG}', 'key_' || i, 'dev_' || i, 'api_' || (1 + i % 3),
         date_trunc('hour', now()) - h * interval '1 hour', r, r - e, e
  from generate_series(1, 2105) i, generate_series(0, 719) h,
       lateral (select 1 + (i * 7 + h * 13) % 9 as r, case when (i + h) % 17 = 0 then 1 else 0 end as e) x
  where i % 20 <> 0;
-- … and ~20,000 occasional keys, 10 hours each (≈ 2.8 M calls).
insert into usage_hourly (org_id, key_id, developer_id, api_id, hour, requests, successes, errors)
  select '${ORG}', 'key_' || i, 'dev_' || i, 'api_' || (1 + i % 3),
         date_trunc('hour', now()) - (i % 72 + 72 * j) * interval '1 hour', 10 + (i + j) % 9, 10 + (i + j) % 9, 0
  from generate_series(2106, 23150) i, generate_series(0, 9) j where i % 20 <> 0;
`;

type Case = { label: string; run: () => Promise<unknown> };

async function main() {
  const name = dbName(URL_);
  await ensureDatabase(URL_, name);
  const captured: Array<{ query: string; params: unknown[] }> = [];
  const logger: QueryLogger = { logQuery: (query, params) => captured.push({ query, params }) };
  const raw = postgres(URL_, { max: 1, onnotice: () => {} });
  const handle = createDb({ url: URL_ }, logger);
  const db = handle.db;
  try {
    const reuse = process.argv.includes("--reuse");
    const [built] = await raw<{ n: number }[]>`
      select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'developers'`;
    const haveData =
      reuse &&
      (built?.n ?? 0) > 0 &&
      Number((await raw`select count(*) as n from developers where org_id = ${ORG}`)[0]?.n) ===
        DEVELOPERS;
    let buildSeconds = 0;
    if (!haveData) {
      console.log(`building the data set in ${name} …`);
      const t0 = Date.now();
      await raw.unsafe(`drop schema if exists public cascade; drop schema if exists drizzle cascade;
        create schema public;`);
      await runMigrations(handle);
      await raw.unsafe(BUILD);
      await rebuildUsageDaily(db, ORG, {
        from: new Date(Date.now() - 32 * 86400_000),
        to: new Date(Date.now() + 86400_000),
      });
      await raw.unsafe("vacuum analyze");
      buildSeconds = (Date.now() - t0) / 1000;
    } else {
      await runMigrations(handle);
      await raw.unsafe("vacuum analyze");
    }
    const [sizes] = await raw<Record<string, string>[]>`
      select (select count(*) from developers where org_id = ${ORG})::text as developers,
             (select count(*) from keys where org_id = ${ORG})::text as keys,
             (select count(*) from usage_hourly where org_id = ${ORG})::text as hourly,
             (select coalesce(sum(requests), 0) from usage_hourly where org_id = ${ORG} and hour >= now() - interval '30 days')::text as calls30,
             (select count(*) from usage_daily where org_id = ${ORG})::text as daily,
             (select count(*) from usage_org_daily where org_id = ${ORG})::text as orgdaily`;

    const busyDev = "dev_21";
    const busyKey = "key_21";
    const d7 = usageRange(7, "day");
    const d30 = usageRange(30, "day");
    const h7 = usageRange(7, "hour");
    const devList = (search: string, page: number) => () =>
      listDevelopers(db, ORG, { search, page, pageSize: 20 });
    const keyList =
      (search: string, page: number, status?: "active" | "inactive" | "revoked") => () =>
        listOrgKeys(db, ORG, { search, page, pageSize: 25, status });
    const cases: Case[] = [
      {
        label: "/admin (overview: counts + 7-day totals)",
        run: () => getOrgOverview(db, ORG, { days: 7 }),
      },
      { label: "/admin/developers", run: devList("", 1) },
      { label: "/admin/developers?q=dev4242 (11 matches)", run: devList("dev4242", 1) },
      {
        label: "/admin/developers?q=example (every developer matches)",
        run: devList("example", 1),
      },
      { label: "/admin/developers?page=2000", run: devList("", 2000) },
      { label: "/admin/developers?page=5000 (last page)", run: devList("", 5000) },
      { label: "/admin/keys", run: keyList("", 1) },
      { label: "/admin/keys?page=1000", run: keyList("", 1000) },
      { label: "/admin/keys?q=dev4242 (by developer email)", run: keyList("dev4242", 1) },
      { label: "/admin/keys?q=app 424 (by alias)", run: keyList("app 424", 1) },
      { label: "/admin/keys?q=gh_4f2 (by key start)", run: keyList("gh_4f2", 1) },
      { label: "/admin/keys?status=revoked", run: keyList("", 1, "revoked") },
      {
        label: "/admin/developers/[id] (busy developer: profile, keys, 7-day usage)",
        run: () =>
          Promise.all([
            getDeveloper(db, ORG, busyDev),
            listDeveloperKeys(db, ORG, busyDev),
            developerUsageSeries(db, ORG, busyDev, d7),
          ]),
      },
      {
        label: "/admin/developers/[id]/keys/[keyId]?range=30d (busy key)",
        run: () =>
          Promise.all([
            getKeyView(db, ORG, busyKey),
            keyUsageSeries(db, ORG, busyKey, d30),
            keyUsageByApi(db, ORG, busyKey, d30),
          ]),
      },
      {
        label: "/[org]/dashboard?g=hour (busy developer: 7 days hourly + key cards)",
        run: () =>
          Promise.all([developerUsageSeries(db, ORG, busyDev, h7), loadKeyCards(db, ORG, busyDev)]),
      },
      {
        label: "Org-wide 30-day usage by day and by API (orgUsageSeries, orgUsageByApi)",
        run: () => Promise.all([orgUsageSeries(db, ORG, d30), orgUsageByApi(db, ORG, d30)]),
      },
      {
        label: "Top 10 developers over 7 days (topDevelopers)",
        run: () => topDevelopers(db, ORG, d7),
      },
      {
        label: "Top 10 developers over 30 days (topDevelopers)",
        run: () => topDevelopers(db, ORG, d30),
      },
    ];

    const results: Array<{
      label: string;
      p50: number;
      p95: number;
      plan: string;
      planMs: number;
    }> = [];
    for (const c of cases) {
      await c.run(); // warm-up
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = process.hrtime.bigint();
        await c.run();
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) =>
        times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0;
      // EXPLAIN every statement of one run; keep the slowest.
      captured.length = 0;
      await c.run();
      const statements = [...captured];
      let plan = "(no SQL captured)";
      let planMs = -1;
      for (const st of statements) {
        const rows = await raw.unsafe(
          `explain (analyze, buffers, costs off) ${st.query}`,
          st.params as never[],
        );
        const text = rows.map((r) => String(r["QUERY PLAN"])).join("\n");
        const ms = Number(/Execution Time: ([\d.]+)/.exec(text)?.[1] ?? 0);
        if (ms > planMs) {
          planMs = ms;
          plan = text;
        }
      }
      results.push({ label: c.label, p50: at(0.5), p95: at(0.95), plan, planMs });
      console.log(`${c.label}: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`);
    }

    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ");
    const fmt = (n: number) => Number(n).toLocaleString("en-GB");
    const table = results
      .map(
        (r) =>
          `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p95 <= 150 ? "met" : "**missed**"} | ${r.planMs.toFixed(1)} |`,
      )
      .join("\n");
    // Plans of the pages whose slowest statement took 5 ms or more; the rest are index lookups.
    const plans = results
      .filter((r) => r.planMs >= 5)
      .map(
        (r) =>
          `#### ${r.label}\n\nSlowest statement, ${r.planMs.toFixed(1)} ms:\n\n\`\`\`\n${r.plan}\n\`\`\``,
      )
      .join("\n\n");
    const section = `<!-- bench:scale:start -->
### Latest run — ${new Date().toISOString().slice(0, 19)}Z

Postgres (local, 127.0.0.1), database \`${name}\`${buildSeconds ? `, built in ${buildSeconds.toFixed(0)} s` : " (reused)"}: ${fmt(Number(sizes?.developers))} developers, ${fmt(Number(sizes?.keys))} keys, ${fmt(Number(sizes?.calls30))} calls in the last 30 days in ${fmt(Number(sizes?.hourly))} \`usage_hourly\` rows, ${fmt(Number(sizes?.daily))} \`usage_daily\` rows, ${fmt(Number(sizes?.orgdaily))} \`usage_org_daily\` rows; a second organisation with 1,000 developers. ${os.cpus().length} cores, load average ${load} at the end. Each figure is over ${RUNS} sequential runs of the query functions the page calls (after one warm-up), in the bench process; a page's server time adds Next.js rendering (a few ms) to this.

| Page (query path) | p50 ms | p95 ms | p95 ≤ 150 ms | slowest statement ms |
| --- | ---: | ---: | --- | ---: |
${table}

EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of each page where it took 5 ms or more:

${plans}
<!-- bench:scale:end -->`;
    const file = path.join(process.cwd(), "docs", "BENCHMARKS.md");
    const current = readFileSync(file, "utf8");
    writeFileSync(
      file,
      current.includes("<!-- bench:scale:start -->")
        ? current.replace(/<!-- bench:scale:start -->[\s\S]*<!-- bench:scale:end -->/, section)
        : `${current.trimEnd()}\n\n## Scale (\`npm run bench:scale\`)\n\n${section}\n`,
    );
    console.log("✓ written to docs/BENCHMARKS.md");
  } finally {
    await handle.close();
    await raw.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

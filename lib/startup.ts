import { getDbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";
import { countOrganisations } from "@/db/queries/organisations";
import { demoLoginsText, seedDemo } from "@/lib/seed";
import { env } from "@/lib/env";

/**
 * Runs once per server process before the first request (instrumentation.ts): validates the
 * environment (a clear error instead of a silent fallback), migrates the embedded database
 * (and Postgres unless GATEHOUSE_MIGRATE=0), seeds the demo when asked, and prints where to go.
 * On a serverless host it only validates: cold starts never migrate, seed or start timers
 * (docs/DEPLOY.md: `npm run db:migrate` is the deploy step, the host's cron drives retries).
 */
export async function startup(): Promise<void> {
  const e = env();
  if (e.serverless) {
    if (e.GATEHOUSE_SEED)
      console.warn(
        "GATEHOUSE_SEED is ignored on a serverless host: run `npm run db:seed` once instead.",
      );
    return;
  }
  const handle = getDbHandle();
  // Migrations take an advisory lock: servers starting together on one database apply them once.
  if (handle.driver === "pglite" || process.env.GATEHOUSE_MIGRATE !== "0")
    await runMigrations(handle);
  // The gateway runtime is NOT created here: instrumentation runs in its own module graph, and a
  // runtime built here would throw its own copy of GatewayServiceError at the routes (instanceof
  // fails → 500). It starts with the first gateway call; see docs/GATEWAY.md on invalidation.
  // Webhook deliveries (and email retries) left pending by a previous process resume now.
  (await import("@/lib/webhooks/scheduler")).startDeliveryScheduler(handle.db);
  const base = e.APP_URL;
  const where =
    handle.driver === "pglite" ? `embedded PGlite at ${e.pgliteDir}` : "Postgres (DATABASE_URL)";
  if (e.GATEHOUSE_SEED) {
    const { created } = await seedDemo(handle.db);
    console.log(
      `\n▲ Gatehouse on ${where}${created ? " — demo organisation seeded" : ""}\n  Open ${base}\n${demoLoginsText(base)}\n`,
    );
  } else if ((await countOrganisations(handle.db)) === 0) {
    console.log(
      `\n▲ Gatehouse on ${where}\n  First run: create your organisation at ${base}/setup\n`,
    );
  } else {
    console.log(`\n▲ Gatehouse on ${where}\n  Open ${base}/admin\n`);
  }
}

// npm run db:migrate — applies committed migrations to DATABASE_URL, or to the embedded database
// (never while a server holds the same PGlite directory: PGlite has no cross-process lock).
// The deploy step on a serverless host (docs/DEPLOY.md): safe to run from several places at once,
// since each run takes a Postgres advisory lock and the later one finds everything applied.
import { getDbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";

const handle = getDbHandle();
try {
  const { applied, total } = await runMigrations(handle);
  console.log(
    `Migrations applied (${handle.driver}): ${applied} new, ${total - applied} already there.`,
  );
} finally {
  await handle.close();
}

// npm run db:migrate — applies committed migrations to DATABASE_URL, or to the embedded database
// (never while a server holds the same PGlite directory: PGlite has no cross-process lock).
import { getDbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";

const handle = getDbHandle();
await runMigrations(handle);
console.log(`Migrations applied (${handle.driver}).`);
await handle.close();

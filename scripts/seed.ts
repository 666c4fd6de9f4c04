// npm run db:seed — idempotent demo organisation; prints the demo logins.
import { getDbHandle } from "@/db";
import { runMigrations } from "@/db/migrate";
import { demoLoginsText, seedDemo } from "@/lib/seed";
import { env } from "@/lib/env";

const handle = getDbHandle();
await runMigrations(handle);
const { created } = await seedDemo(handle.db);
console.log(created ? "Demo organisation created." : "Demo organisation already present.");
console.log(demoLoginsText(env().APP_URL));
await handle.close();

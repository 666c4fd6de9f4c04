/**
 * A console-only process: revokes one key through the domain function the admin console uses
 * (lib/keys/issue.ts revokeKey), with no gateway runtime in it, then lets the process end on its
 * own. Usage: tsx tests/helpers/console-revoke.ts <orgId> <keyId> (DATABASE_URL, REDIS_URL set).
 * Prints "revoked <epoch ms>" once the change committed and was handed to the publisher.
 */
import { getDbHandle } from "@/db";
import { revokeKey } from "@/lib/keys/issue";
import { SYSTEM_ACTOR } from "@/lib/outcome";

const [orgId, keyId] = process.argv.slice(2);
if (!orgId || !keyId) throw new Error("usage: console-revoke.ts <orgId> <keyId>");
const handle = getDbHandle();
const result = await revokeKey(handle.db, orgId, keyId, SYSTEM_ACTOR);
if (!result.ok) throw new Error(result.message);
console.log(`revoked ${Date.now()}`);
await handle.close();

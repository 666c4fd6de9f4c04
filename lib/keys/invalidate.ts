import { after } from "next/server";
import { keyMessages, publishInvalidation } from "@/lib/gateway/invalidation-bus";
import { notifyKeyListeners } from "./key-listeners";

export { onKeysChanged } from "./key-listeners";

/**
 * Keys, their policies or their developer changed (call after the change committed). The
 * gateway of this process, if it runs one, drops its cached decisions at once (it subscribes
 * through onKeysChanged); with REDIS_URL, every other instance is told through pub/sub — from
 * whatever process made the change, even one that never served a gateway call.
 */
export function keysChanged(orgId: string, keyIds: string[] | "all"): void {
  notifyKeyListeners(orgId, keyIds);
  untilSent(publishInvalidation(keyMessages(orgId, keyIds)));
}

/**
 * Inside a Next request (server action, route handler) the response waits for nothing, but the
 * platform keeps the function alive until the messages are sent (after(): waitUntil on a
 * serverless host). Elsewhere (scripts, tests) the connection's pending write does that.
 */
export function untilSent(published: Promise<void>): void {
  try {
    after(() => published);
  } catch {
    // Not inside a Next request: `after` throws synchronously.
  }
}

import { Redis } from "ioredis";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** True when a Redis answers at TEST_REDIS_URL (the Redis tests are skipped otherwise, with a note). */
export async function redisAvailable(): Promise<boolean> {
  const r = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  r.on("error", () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    // A service the suite needs must fail CI when missing, never skip silently.
    if (process.env.CI) throw new Error(`Redis is required in CI (none at ${TEST_REDIS_URL})`);
    console.log(`[gatehouse tests] Redis gateway tests skipped: no Redis at ${TEST_REDIS_URL}`);
    return false;
  } finally {
    r.disconnect();
  }
}

export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
}

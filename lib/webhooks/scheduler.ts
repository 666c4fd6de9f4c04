import type { Db } from "@/db";
import { env } from "@/lib/env";
import { runDeliveryCycle } from "./cron";
import { deliveryLog, errorText } from "@/lib/log";

// One timer per process, kept on globalThis so `next dev` module reloads do not start more.
const store = globalThis as unknown as { gatehouseDeliveryTimer?: ReturnType<typeof setInterval> };

/**
 * Starts the in-process retry loop (idempotent): every DELIVERY_INTERVAL_SECONDS (default 10 s)
 * it runs the same cycle as /api/cron/deliver, so a single `next start` server retries webhooks
 * and emails without an external cron. The timer is unref'd (never keeps a process alive) and a
 * tick is skipped while the previous one still runs. Claims make it safe alongside the cron and
 * other instances. Returns false when disabled (0) or already running.
 */
export function startDeliveryScheduler(
  db: Db,
  intervalSeconds = env().DELIVERY_INTERVAL_SECONDS,
): boolean {
  // Serverless functions are frozen between requests: no timers; the host's cron calls
  // /api/cron/deliver instead (docs/DEPLOY.md).
  if (store.gatehouseDeliveryTimer || intervalSeconds <= 0 || env().serverless) return false;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runDeliveryCycle(db, new Date(), { resendApiKey: env().RESEND_API_KEY })
      .catch((err: unknown) => deliveryLog.error({ err: errorText(err) }, "retry cycle failed"))
      .finally(() => {
        running = false;
      });
  }, intervalSeconds * 1000);
  timer.unref();
  store.gatehouseDeliveryTimer = timer;
  return true;
}

export function stopDeliveryScheduler(): void {
  if (store.gatehouseDeliveryTimer) clearInterval(store.gatehouseDeliveryTimer);
  store.gatehouseDeliveryTimer = undefined;
}

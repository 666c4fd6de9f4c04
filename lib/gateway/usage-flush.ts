import type { Gateway } from "./gateway";

/**
 * When counted usage is written, and for each request a promise that settles once its own usage
 * is (R-GW-USAGE, R-DEPLOY-SERVERLESS). The routes hand that promise to `after()`:
 * - `next start` ("interval"): one write per second for every call counted meanwhile (never a
 *   row per call). On SIGTERM, Next stops accepting connections, finishes the requests in flight
 *   and awaits every after() task before it exits, so the last calls are written first.
 * - serverless ("request"): no timer, which a frozen function would never run; each request's
 *   usage is written within its lifetime, and the host keeps the function alive for it.
 */
export class UsageFlushSchedule {
  private timer: NodeJS.Timeout | null = null;
  private waiting: { promise: Promise<void>; resolve: () => void } | null = null;
  private perRequest: boolean;
  private handedOver: Promise<void> | null = null;

  constructor(
    private readonly gateway: Gateway,
    { mode, intervalMs }: { mode: "interval" | "request"; intervalMs: number },
  ) {
    this.perRequest = mode === "request";
    if (!this.perRequest) {
      this.timer = setInterval(() => void this.tick(), intervalMs);
      this.timer.unref();
    }
  }

  /** Settles once every call counted before it was asked is written (or kept for a retry). */
  written(): Promise<void> {
    if (this.perRequest) return this.gateway.flushPending();
    if (!this.waiting) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.waiting = { promise, resolve };
    }
    return this.waiting.promise;
  }

  /**
   * What a request hands to `after()`, or null when an earlier request of the same one-second
   * window already handed over the promise that covers its call too (R-GW-VERIFY, issue 14).
   * `next start` keeps every after() promise in one process-wide set and awaits them all when it
   * stops, so one per window is enough. One per request kept each request's context (its
   * Request, headers, after() state) alive until the next write: measured 7–14 KB more per call
   * promoted to the heap's old generation, whose collections stall the event loop (100–200 ms on
   * the busy 2-core bench machine). `platformWaitUntil`: the host lends Next a per-request
   * waitUntil (a Vercel-like request context), so each request hands over its own.
   */
  afterTask(platformWaitUntil = false): Promise<void> | null {
    const written = this.written();
    if (this.perRequest || platformWaitUntil) return written;
    if (written === this.handedOver) return null;
    this.handedOver = written;
    return written;
  }

  private async tick(): Promise<void> {
    const waiters = this.waiting;
    this.waiting = null;
    try {
      await this.gateway.flushPending();
    } finally {
      waiters?.resolve();
    }
  }

  /**
   * The process is stopping: write now, and from here on write within each request, since an
   * unref'd timer may never fire again and nothing else keeps the process alive for it.
   */
  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.perRequest = true;
    return this.tick();
  }
}

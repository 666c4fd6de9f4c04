/** Quota as a developer sees it: used / remaining / next reset, and when it runs out at the current pace. */
export type QuotaView = {
  scope: string;
  policyName: string;
  apis: string[];
  max: number;
  used: number;
  remaining: number;
  renewsAt: Date;
  /** Projected exhaustion at the pace since the period began; null if it lasts until the reset. */
  exhaustsAt: Date | null;
  /** Remaining quota at points of the current period, then the projection (for the burn-down line). */
  burnDown: Array<{ t: number; remaining: number | null; projected: number | null }>;
};

export type QuotaCounterState = { used: number; renewsAt: Date } | null;

/**
 * Builds the view from the live counter. A counter whose period ended (or none at all) means
 * a fresh period: nothing used, renewing one period from now.
 */
export function quotaView(
  input: { scope: string; policyName: string; apis: string[]; max: number; renewalSeconds: number },
  counter: QuotaCounterState,
  now: Date,
): QuotaView {
  const period = input.renewalSeconds * 1000;
  const live = counter && counter.renewsAt.getTime() > now.getTime() ? counter : null;
  const used = Math.min(live?.used ?? 0, input.max);
  const renewsAt = live?.renewsAt ?? new Date(now.getTime() + period);
  const start = renewsAt.getTime() - period;
  const elapsed = Math.max(now.getTime() - start, 1);
  const pace = used / elapsed; // per ms
  const remaining = Math.max(input.max - used, 0);
  const exhaustMs = pace > 0 ? now.getTime() + remaining / pace : Infinity;
  const exhaustsAt = exhaustMs < renewsAt.getTime() ? new Date(exhaustMs) : null;
  const end = Math.min(exhaustMs, renewsAt.getTime());
  const burnDown = [
    { t: start, remaining: input.max, projected: null },
    { t: now.getTime(), remaining, projected: remaining },
    {
      t: end,
      remaining: null,
      projected: Math.max(input.max - Math.round(pace * (end - start)), 0),
    },
  ];
  return { ...input, used, remaining, renewsAt, exhaustsAt, burnDown };
}

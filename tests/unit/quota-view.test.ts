import { describe, expect, it } from "vitest";
import { quotaView } from "@/lib/quotas/view";

const H = 3600_000;
const NOW = new Date("2026-03-10T12:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);
const DAY_QUOTA = {
  scope: "pol_free",
  policyName: "Free",
  apis: ["Weather"],
  max: 1000,
  renewalSeconds: 86400,
};

describe("R-PORTAL-DASHBOARD: quota as the developer sees it (quotaView)", () => {
  it("R-PORTAL-DASHBOARD: used / remaining / next reset come from a live counter", () => {
    const v = quotaView(DAY_QUOTA, { used: 250, renewsAt: at(6 * H) }, NOW);
    expect(v).toMatchObject({
      scope: "pol_free",
      policyName: "Free",
      apis: ["Weather"],
      max: 1000,
      used: 250,
      remaining: 750,
    });
    expect(v.renewsAt.toISOString()).toBe(at(6 * H).toISOString());
  });

  it("R-PORTAL-DASHBOARD: no counter at all is a fresh period: nothing used, renewing one period from now", () => {
    const v = quotaView(DAY_QUOTA, null, NOW);
    expect(v.used).toBe(0);
    expect(v.remaining).toBe(1000);
    expect(v.renewsAt.toISOString()).toBe(at(24 * H).toISOString());
    expect(v.exhaustsAt).toBeNull();
  });

  it("R-PORTAL-DASHBOARD: a counter whose period has ended counts as a fresh period, not as the stale usage", () => {
    for (const renewsAt of [at(-1), at(0), at(-5 * H)]) {
      const v = quotaView(DAY_QUOTA, { used: 990, renewsAt }, NOW);
      expect(v.used, renewsAt.toISOString()).toBe(0);
      expect(v.remaining).toBe(1000);
      expect(v.renewsAt.toISOString()).toBe(at(24 * H).toISOString());
      expect(v.exhaustsAt).toBeNull();
    }
  });

  it("R-PORTAL-DASHBOARD: at the current pace the quota runs out before the reset → exhaustsAt is projected", () => {
    // The day began 12 h ago (reset in 12 h); 600 used in 12 h = 50/h; 400 left → 8 h.
    const v = quotaView(DAY_QUOTA, { used: 600, renewsAt: at(12 * H) }, NOW);
    expect(v.remaining).toBe(400);
    expect(v.exhaustsAt?.toISOString()).toBe(at(8 * H).toISOString());
  });

  it("R-PORTAL-DASHBOARD: a pace that lasts until the reset projects no exhaustion", () => {
    // 400 used in 12 h = 33.3/h; 600 left would last 18 h > the 12 h until the reset.
    const v = quotaView(DAY_QUOTA, { used: 400, renewsAt: at(12 * H) }, NOW);
    expect(v.exhaustsAt).toBeNull();
    // Exactly on the reset is not "before the reset".
    const exact = quotaView(DAY_QUOTA, { used: 500, renewsAt: at(12 * H) }, NOW);
    expect(exact.exhaustsAt).toBeNull();
  });

  it("R-PORTAL-DASHBOARD: an exhausted quota shows 0 remaining, never a negative number or more than the max used", () => {
    const v = quotaView(DAY_QUOTA, { used: 1500, renewsAt: at(3 * H) }, NOW);
    expect(v.used).toBe(1000);
    expect(v.remaining).toBe(0);
    expect(v.exhaustsAt?.getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it("R-PORTAL-DASHBOARD: the burn-down line starts full at the period start, passes through now and ends projected", () => {
    const v = quotaView(DAY_QUOTA, { used: 600, renewsAt: at(12 * H) }, NOW);
    expect(v.burnDown).toEqual([
      { t: at(-12 * H).getTime(), remaining: 1000, projected: null },
      { t: NOW.getTime(), remaining: 400, projected: 400 },
      { t: at(8 * H).getTime(), remaining: null, projected: 0 },
    ]);
    // Lasting until the reset: the line ends at the reset with what would be left.
    const slow = quotaView(DAY_QUOTA, { used: 200, renewsAt: at(12 * H) }, NOW);
    const end = slow.burnDown[2];
    expect(end?.t).toBe(at(12 * H).getTime());
    expect(end?.projected).toBe(600);
  });

  it("R-PORTAL-DASHBOARD: other renewal periods (an hour) use their own period length", () => {
    const hourly = { ...DAY_QUOTA, max: 100, renewalSeconds: 3600 };
    // 30 min into the hour, 60 used → 2/min → the 40 left last 20 min.
    const v = quotaView(hourly, { used: 60, renewsAt: at(H / 2) }, NOW);
    expect(v.remaining).toBe(40);
    expect(v.exhaustsAt?.toISOString()).toBe(at(20 * 60_000).toISOString());
    expect(quotaView(hourly, null, NOW).renewsAt.toISOString()).toBe(at(H).toISOString());
  });
});

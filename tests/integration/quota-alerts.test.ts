import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { reachedThresholds, sweepQuotaAlerts } from "@/lib/quotas/alerts";
import { createWebhook } from "@/lib/webhooks/admin";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { adminActor, makeApi, makeKey, makePolicy } from "../helpers/dev-fixtures";
import { emailsTo } from "../helpers/portal-fixtures";

const NOW = new Date("2026-11-26T10:00:00Z");
const RENEWS = new Date("2026-11-27T00:00:00Z");

async function scene(db: Db, thresholds = [80, 100]) {
  const org = await makeOrg(db, { quotaAlertThresholds: thresholds });
  const api = await makeApi(db, org.id, { name: "Weather" });
  const policy = await makePolicy(db, org.id, { quotaMax: 10, quotaRenewalSeconds: 86_400 }, [
    { apiId: api.id },
  ]);
  const dev = await makeDeveloper(db, org.id);
  const { key } = await makeKey(db, org.id, dev.id, [policy.id]);
  const hook = await createWebhook(db, org.id, await adminActor(db, org.id), {
    url: "https://hooks.example.test/quota",
    events: ["quota.threshold"],
  });
  if (!hook.ok) throw new Error(hook.message);
  /** What the gateway writes behind: the key's quota counter for the policy's period. */
  const use = (used: number, renewsAt = RENEWS) =>
    db
      .insert(s.quotaUsage)
      .values({ orgId: org.id, keyId: key.id, scope: policy.id, used, renewsAt, updatedAt: NOW })
      .onConflictDoUpdate({
        target: [s.quotaUsage.keyId, s.quotaUsage.scope],
        set: { used, renewsAt, updatedAt: NOW },
      });
  const events = async () =>
    (
      await db
        .select({ payload: s.webhookDeliveries.payload })
        .from(s.webhookDeliveries)
        .where(
          and(
            eq(s.webhookDeliveries.orgId, org.id),
            eq(s.webhookDeliveries.event, "quota.threshold"),
          ),
        )
    ).map((d) => (d.payload as { data: { threshold: number } }).data.threshold);
  return { org, dev, key, use, events };
}

describeEachDb(
  "R-QUOTA-ALERTS: quota threshold emails and webhook events (lib/quotas/alerts.ts)",
  (getDb) => {
    it("R-QUOTA-ALERTS: 80 % then 100 % of a period: one email and one quota.threshold event each, never twice; a new period starts over", async () => {
      const db = getDb();
      const { org, dev, use, events } = await scene(db);
      await use(7);
      expect(await sweepQuotaAlerts(db, NOW, { orgId: org.id })).toBe(0);
      await use(8);
      expect(await sweepQuotaAlerts(db, NOW, { orgId: org.id })).toBe(1);
      expect(await sweepQuotaAlerts(db, NOW, { orgId: org.id })).toBe(0);
      const first = await emailsTo(db, org.id, dev.email, "quotaThreshold");
      expect(first.map((e) => e.subject)).toEqual([`You have used 80 % of your ${org.name} quota`]);
      await use(10);
      expect(await sweepQuotaAlerts(db, NOW, { orgId: org.id })).toBe(1);
      expect(
        (await emailsTo(db, org.id, dev.email, "quotaThreshold")).map((e) => e.subject),
      ).toEqual([
        `You have used 80 % of your ${org.name} quota`,
        `Your ${org.name} quota is used up`,
      ]);
      expect((await events()).sort((a, b) => a - b)).toEqual([80, 100]);
      // The next period: its own 80 %.
      await use(9, new Date("2026-11-28T00:00:00Z"));
      expect(await sweepQuotaAlerts(db, NOW, { orgId: org.id })).toBe(1);
      expect((await events()).sort((a, b) => a - b)).toEqual([80, 80, 100]);
    });

    it("R-QUOTA-ALERTS: a jump past both thresholds sends one email (the highest) and both events; thresholds are the organisation's; none when alerts are off", async () => {
      const db = getDb();
      const jump = await scene(db);
      await jump.use(10);
      expect(await sweepQuotaAlerts(db, NOW, { orgId: jump.org.id })).toBe(2);
      expect((await emailsTo(db, jump.org.id, jump.dev.email, "quotaThreshold")).length).toBe(1);
      expect((await jump.events()).sort((a, b) => a - b)).toEqual([80, 100]);

      const custom = await scene(db, [50]);
      await custom.use(5);
      expect(await sweepQuotaAlerts(db, NOW, { orgId: custom.org.id })).toBe(1);
      expect(await custom.events()).toEqual([50]);

      const off = await scene(db, []);
      await off.use(10);
      expect(await sweepQuotaAlerts(db, NOW, { orgId: off.org.id })).toBe(0);
      expect(await emailsTo(db, off.org.id, off.dev.email, "quotaThreshold")).toEqual([]);
    });

    it("R-QUOTA-ALERTS: reached thresholds are computed on the used share, lowest first", () => {
      expect(reachedThresholds(79, 100, [80, 100])).toEqual([]);
      expect(reachedThresholds(80, 100, [100, 80, 80])).toEqual([80]);
      expect(reachedThresholds(100, 100, [80, 100])).toEqual([80, 100]);
      expect(reachedThresholds(5, 0, [80])).toEqual([]);
    });
  },
);

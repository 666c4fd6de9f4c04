import { and, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { Db } from "@/db";
import { claimDelivery, getDelivery, listDeliveries } from "@/db/queries/webhooks";
import { auditLog, webhooks } from "@/db/schema";
import { adminActor } from "@/lib/outcome";
import { createWebhook, setWebhookActive } from "@/lib/webhooks/admin";
import { deliverDue } from "@/lib/webhooks/deliver";
import { emitEvent } from "@/lib/webhooks/emit";
import { verifySignature } from "@/lib/webhooks/signature";
import { describeEachDb, makeAdmin, makeOrg } from "../helpers/db";
import { type Receiver, startReceiver } from "./webhooks-receiver";

const receivers: Receiver[] = [];
async function receiver(answer?: (i: number) => number | "hang") {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

async function setup(
  db: Db,
  url: string,
  events: Parameters<typeof createWebhook>[3]["events"] = ["developer.created"],
) {
  const org = await makeOrg(db);
  const admin = await makeAdmin(db, org.id);
  const created = await createWebhook(db, org.id, adminActor(admin.id), { url, events });
  if (!created.ok) throw new Error(created.message);
  return { org, admin, endpoint: created.value.endpoint, secret: created.value.secret };
}

describeEachDb("R-WEBHOOKS: delivery with retries", (getDb) => {
  it("R-WEBHOOKS: a receiver answering 500 twice then 200 ends with exactly one delivered event after retries", async () => {
    const db = getDb();
    const r = await receiver((i) => (i < 2 ? 500 : 200));
    const { org, secret } = await setup(db, r.url);
    const t0 = new Date();
    const [delivery] = await emitEvent(
      db,
      org.id,
      "developer.created",
      { developer_id: "dev_123", email: "a@example.test" },
      { now: t0, deliver: false },
    );
    if (!delivery) throw new Error("no delivery recorded");

    expect(await deliverDue(db, t0, { orgId: org.id })).toMatchObject({
      retrying: 1,
      delivered: 0,
    });
    let row = await getDelivery(db, org.id, delivery.id);
    expect(row).toMatchObject({
      status: "pending",
      attempts: 1,
      lastResponseCode: 500,
      lastError: "HTTP 500",
    });
    expect(row?.nextAttemptAt?.getTime()).toBe(at(t0, 10).getTime());

    // Not due yet: nothing is sent.
    expect(await deliverDue(db, at(t0, 5), { orgId: org.id })).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
    });
    expect(r.received).toHaveLength(1);

    expect(await deliverDue(db, at(t0, 10), { orgId: org.id })).toMatchObject({ retrying: 1 });
    row = await getDelivery(db, org.id, delivery.id);
    expect(row?.nextAttemptAt?.getTime()).toBe(at(t0, 40).getTime());

    expect(await deliverDue(db, at(t0, 40), { orgId: org.id })).toMatchObject({ delivered: 1 });
    expect(await deliverDue(db, at(t0, 7200), { orgId: org.id })).toMatchObject({
      delivered: 0,
      retrying: 0,
    });

    expect(r.received).toHaveLength(3);
    const { rows } = await listDeliveries(db, org.id, delivery.webhookId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: delivery.id,
      event: "developer.created",
      status: "delivered",
      attempts: 3,
      lastResponseCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(rows[0]?.deliveredAt?.getTime()).toBe(at(t0, 40).getTime());

    // Every attempt is the same event, signed, with the delivery id for deduplication.
    for (const req of r.received) {
      expect(req.headers["content-type"]).toBe("application/json");
      expect(req.headers["gatehouse-event"]).toBe("developer.created");
      expect(req.headers["gatehouse-delivery"]).toBe(delivery.id);
      expect(
        verifySignature(secret, String(req.headers["gatehouse-signature"]), req.body, new Date()),
      ).toBe(true);
      expect(JSON.parse(req.body)).toEqual({
        id: expect.stringMatching(/^evt_/),
        type: "developer.created",
        created_at: t0.toISOString(),
        org_id: org.id,
        data: { developer_id: "dev_123", email: "a@example.test" },
      });
    }
    expect(new Set(r.received.map((q) => q.body)).size).toBe(1);
    expect(Object.keys(JSON.parse(r.received[0]?.body ?? "{}"))).toEqual([
      "id",
      "type",
      "created_at",
      "org_id",
      "data",
    ]);
  });

  it("R-WEBHOOKS: after 8 failed attempts the delivery is marked failed and no longer retried", async () => {
    const db = getDb();
    const r = await receiver(() => 503);
    const { org } = await setup(db, r.url);
    const t0 = new Date();
    const [d] = await emitEvent(
      db,
      org.id,
      "developer.created",
      { developer_id: "dev_1" },
      { now: t0, deliver: false },
    );
    for (let day = 0; day < 10; day++)
      await deliverDue(db, at(t0, day * 86_400), { orgId: org.id });
    expect(r.received).toHaveLength(8);
    expect(await getDelivery(db, org.id, d?.id ?? "")).toMatchObject({
      status: "failed",
      attempts: 8,
      lastResponseCode: 503,
      nextAttemptAt: null,
      deliveredAt: null,
    });
  });

  it("R-WEBHOOKS: timeouts, refused connections and redirects count as failures and are retried", async () => {
    const db = getDb();
    const hang = await receiver(() => "hang");
    const redirect = await receiver(() => 302);
    const closed = await receiver();
    await closed.close();
    const t0 = new Date();
    const results: Array<{
      lastError: string | null;
      lastResponseCode: number | null;
      status: string;
    }> = [];
    for (const url of [hang.url, redirect.url, closed.url]) {
      const { org } = await setup(db, url);
      const [d] = await emitEvent(db, org.id, "developer.created", {}, { now: t0, deliver: false });
      expect(await deliverDue(db, t0, { orgId: org.id, timeoutMs: 600 })).toMatchObject({
        retrying: 1,
      });
      const row = await getDelivery(db, org.id, d?.id ?? "");
      if (row) results.push(row);
    }
    expect(results[0]).toMatchObject({
      status: "pending",
      lastResponseCode: null,
      lastError: "timed out",
    });
    expect(results[1]).toMatchObject({
      status: "pending",
      lastResponseCode: 302,
      lastError: "HTTP 302",
    });
    expect(results[2]).toMatchObject({ status: "pending", lastResponseCode: null });
    // A generic reason (R-SEC-SSRF): the socket's error would show the address and port.
    expect(results[2]?.lastError).toBe("connection failed");
    expect(redirect.received).toHaveLength(1);
  });

  it("R-WEBHOOKS: two workers racing for the same due deliveries send each only once", async () => {
    const db = getDb();
    const r = await receiver();
    const { org } = await setup(db, r.url);
    const t0 = new Date();
    const emitted = await Promise.all(
      [1, 2, 3].map((n) =>
        emitEvent(db, org.id, "developer.created", { n }, { now: t0, deliver: false }),
      ),
    );
    const counts = await Promise.all([
      deliverDue(db, t0, { orgId: org.id }),
      deliverDue(db, t0, { orgId: org.id }),
    ]);
    expect(counts.reduce((sum, c) => sum + c.delivered, 0)).toBe(3);
    expect(r.received).toHaveLength(3);
    // A claim is exclusive until its lease ends.
    const [again] = await emitEvent(
      db,
      org.id,
      "developer.created",
      {},
      { now: t0, deliver: false },
    );
    const lease = at(t0, 60);
    expect(await claimDelivery(db, again?.id ?? "", t0, lease)).not.toBeNull();
    expect(await claimDelivery(db, again?.id ?? "", t0, lease)).toBeNull();
    expect(await claimDelivery(db, again?.id ?? "", at(t0, 61), at(t0, 121))).not.toBeNull();
    expect(emitted.flat()).toHaveLength(3);
  });

  it("R-WEBHOOKS: events go only to active endpoints subscribed to them; emitEvent sends without being awaited", async () => {
    const db = getDb();
    const r = await receiver();
    const other = await receiver();
    const { org, admin } = await setup(db, r.url, ["developer.created", "key.revoked"]);
    const actor = adminActor(admin.id);
    await createWebhook(db, org.id, actor, { url: other.url, events: ["key.created"] });
    const disabled = await createWebhook(db, org.id, actor, {
      url: other.url,
      events: ["developer.created"],
    });
    if (!disabled.ok) throw new Error(disabled.message);
    await setWebhookActive(db, org.id, actor, disabled.value.endpoint.id, false);

    const deliveries = await emitEvent(db, org.id, "developer.created", { developer_id: "dev_9" });
    expect(deliveries).toHaveLength(1);
    await r.waitFor(1);
    await expect
      .poll(async () => (await getDelivery(db, org.id, deliveries[0]?.id ?? ""))?.status)
      .toBe("delivered");
    expect(other.received).toHaveLength(0);
    expect(await emitEvent(db, org.id, "key_request.created", {}, { deliver: false })).toEqual([]);
  });

  it("R-WEBHOOKS: disabling an endpoint pauses its pending retries; enabling resumes them", async () => {
    const db = getDb();
    const r = await receiver((i) => (i === 0 ? 500 : 200));
    const { org, admin, endpoint } = await setup(db, r.url);
    const t0 = new Date();
    const [d] = await emitEvent(db, org.id, "developer.created", {}, { now: t0, deliver: false });
    await deliverDue(db, t0, { orgId: org.id });
    await setWebhookActive(db, org.id, adminActor(admin.id), endpoint.id, false);
    expect(await deliverDue(db, at(t0, 3600), { orgId: org.id })).toMatchObject({
      delivered: 0,
      retrying: 0,
    });
    expect(r.received).toHaveLength(1);
    await setWebhookActive(db, org.id, adminActor(admin.id), endpoint.id, true);
    expect(await deliverDue(db, at(t0, 3600), { orgId: org.id })).toMatchObject({ delivered: 1 });
    expect(await getDelivery(db, org.id, d?.id ?? "")).toMatchObject({
      status: "delivered",
      attempts: 2,
    });
  });

  it("R-WEBHOOKS: the signing secret is stored encrypted: the plaintext appears in no row", async () => {
    const db = getDb();
    const { org, endpoint, secret } = await setup(db, "https://hooks.example.test/x");
    const [row] = await db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.orgId, org.id), eq(webhooks.id, endpoint.id)));
    expect(row?.secretEncrypted).toMatch(/^v1\./);
    expect(row?.secretStart).toBe(secret.slice(0, 10));
    const secretBody = secret.slice("whsec_".length);
    expect(JSON.stringify(row)).not.toContain(secretBody);
    expect(JSON.stringify(endpoint)).not.toContain("secretEncrypted");
    const audits = await db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audits.map((a) => a.action)).toEqual(["webhook.created"]);
    expect(JSON.stringify(audits)).not.toContain(secretBody);
  });
});

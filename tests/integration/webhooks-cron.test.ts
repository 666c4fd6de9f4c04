import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { Db } from "@/db";
import { getEmail, insertEmail } from "@/db/queries/outbox";
import { claimEmail } from "@/db/queries/outbox";
import { emailOutbox } from "@/db/schema";
import { adminActor } from "@/lib/outcome";
import { createWebhook } from "@/lib/webhooks/admin";
import { runDeliveryCycle } from "@/lib/webhooks/cron";
import { emitEvent } from "@/lib/webhooks/emit";
import { describeEachDb, makeAdmin, makeOrg } from "../helpers/db";
import { type Receiver, startReceiver } from "./webhooks-receiver";

// Offline, Resend answers { error } without throwing (no network: its fetch fails inside the SDK); online, this key is refused.
// Either way the send fails, which is what the retry path needs.
const RESEND_KEY = "re_test_not_a_real_key";
const MINUTE = 60_000;

let receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

function queuedEmail(db: Db, orgId: string, over: Partial<typeof emailOutbox.$inferInsert>) {
  return insertEmail(db, orgId, {
    to: "dev@example.test",
    from: "Gatehouse <no-reply@gatehouse.local>",
    subject: "Your key",
    html: "<p>hi</p>",
    text: "hi",
    template: "keyApproved",
    status: "queued",
    ...over,
  });
}

describeEachDb("R-WEBHOOKS: /api/cron/deliver retries webhooks and emails", (getDb) => {
  it("R-WEBHOOKS: with RESEND_API_KEY set the cron retries due queued emails; nothing is lost", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const now = new Date();
    const due = await queuedEmail(db, org.id, {
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() - MINUTE),
      error: "earlier failure",
    });
    const later = await queuedEmail(db, org.id, {
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + 10 * MINUTE),
    });
    const stored = await queuedEmail(db, org.id, { status: "stored" });
    const lastTry = await queuedEmail(db, org.id, { attempts: 7, nextAttemptAt: now });
    // Queued by a request that died before its first send, and one still being sent right now.
    const orphan = await queuedEmail(db, org.id, {
      createdAt: new Date(now.getTime() - 5 * MINUTE),
    });
    const inFlight = await queuedEmail(db, org.id, {});

    // Without a Resend key the cron leaves emails alone (they stay readable in the Mailbox).
    expect(
      (await runDeliveryCycle(db, now, { resendApiKey: null, orgId: org.id })).emails,
    ).toBeNull();
    expect(await getEmail(db, org.id, due.id)).toEqual(due);

    const result = await runDeliveryCycle(db, now, { resendApiKey: RESEND_KEY, orgId: org.id });
    expect(result.emails).toEqual({ sent: 0, retrying: 2, failed: 1, skipped: 0 });

    const afterDue = await getEmail(db, org.id, due.id);
    expect(afterDue).toMatchObject({
      status: "queued",
      attempts: 2,
      providerId: null,
      sentAt: null,
    });
    expect(afterDue?.error).toBeTruthy();
    expect(afterDue?.error).not.toBe("earlier failure");
    expect(afterDue?.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now());
    expect(await getEmail(db, org.id, orphan.id)).toMatchObject({ status: "queued", attempts: 1 });
    expect(await getEmail(db, org.id, lastTry.id)).toMatchObject({
      status: "failed",
      attempts: 8,
      nextAttemptAt: null,
    });
    expect(await getEmail(db, org.id, later.id)).toEqual(later);
    expect(await getEmail(db, org.id, stored.id)).toEqual(stored);
    expect(await getEmail(db, org.id, inFlight.id)).toEqual(inFlight);

    // Nothing disappeared, and a second run right away finds nothing due.
    expect(
      await db
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(eq(emailOutbox.orgId, org.id)),
    ).toHaveLength(6);
    expect(
      (await runDeliveryCycle(db, now, { resendApiKey: RESEND_KEY, orgId: org.id })).emails,
    ).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
  });

  it("R-WEBHOOKS: a claimed email is not claimed again until its lease ends", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const now = new Date();
    const row = await queuedEmail(db, org.id, { attempts: 1, nextAttemptAt: now });
    const lease = new Date(now.getTime() + MINUTE);
    expect(await claimEmail(db, row.id, now, lease)).toMatchObject({
      id: row.id,
      nextAttemptAt: lease,
    });
    expect(await claimEmail(db, row.id, now, lease)).toBeNull();
    expect(
      await claimEmail(
        db,
        row.id,
        new Date(now.getTime() + 2 * MINUTE),
        new Date(now.getTime() + 3 * MINUTE),
      ),
    ).not.toBeNull();
  });

  it("R-WEBHOOKS: one cron cycle delivers due webhooks and reports counts", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const r = await startReceiver((i) => (i === 0 ? 500 : 200));
    receivers.push(r);
    await createWebhook(db, org.id, adminActor(admin.id), {
      url: r.url,
      events: ["key_request.approved", "key_request.declined"],
    });
    const t0 = new Date();
    await emitEvent(
      db,
      org.id,
      "key_request.approved",
      { key_request_id: "kreq_1" },
      { now: t0, deliver: false },
    );
    await emitEvent(
      db,
      org.id,
      "key_request.declined",
      { key_request_id: "kreq_2" },
      { now: t0, deliver: false },
    );
    const first = await runDeliveryCycle(db, t0, { resendApiKey: null, orgId: org.id });
    expect(first).toEqual({
      webhooks: { delivered: 1, retrying: 1, failed: 0, skipped: 0 },
      emails: null,
      quotaAlerts: 0,
    });
    const second = await runDeliveryCycle(db, new Date(t0.getTime() + 10_000), {
      resendApiKey: null,
      orgId: org.id,
    });
    expect(second.webhooks).toEqual({ delivered: 1, retrying: 0, failed: 0, skipped: 0 });
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((q) => q.headers["gatehouse-event"]))).toEqual(
      new Set(["key_request.approved", "key_request.declined"]),
    );
  });
});

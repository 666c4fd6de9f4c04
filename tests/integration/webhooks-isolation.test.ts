import { asc, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { getDelivery, getWebhook, listDeliveries, listWebhooks } from "@/db/queries/webhooks";
import { auditLog } from "@/db/schema";
import { adminActor } from "@/lib/outcome";
import {
  createWebhook,
  editWebhook,
  removeWebhook,
  resendDelivery,
  rotateWebhookSecret,
  sendTestEvent,
  setWebhookActive,
} from "@/lib/webhooks/admin";
import { deliverDue } from "@/lib/webhooks/deliver";
import { emitEvent } from "@/lib/webhooks/emit";
import { verifySignature } from "@/lib/webhooks/signature";
import { describeEachDb, makeAdmin, makeOrg } from "../helpers/db";
import { type Receiver, startReceiver } from "./webhooks-receiver";

let receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

describeEachDb(
  "R-ORG-ISOLATION: webhooks of one organisation are invisible to another",
  (getDb) => {
    it("R-ORG-ISOLATION: org B cannot see, change, resend, test or delete org A's endpoints and deliveries", async () => {
      const db = getDb();
      const a = await makeOrg(db);
      const b = await makeOrg(db);
      const adminA = adminActor((await makeAdmin(db, a.id)).id);
      const adminB = adminActor((await makeAdmin(db, b.id)).id);
      const r = await startReceiver();
      receivers.push(r);
      const created = await createWebhook(db, a.id, adminA, {
        url: r.url,
        events: ["key.created"],
      });
      if (!created.ok) throw new Error(created.message);
      const id = created.value.endpoint.id;
      const t0 = new Date();
      const [delivery] = await emitEvent(
        db,
        a.id,
        "key.created",
        { key_id: "key_1" },
        { now: t0, deliver: false },
      );
      await deliverDue(db, t0, { orgId: a.id });
      const deliveryId = delivery?.id ?? "";

      // Reads through B's scope find nothing.
      expect(await listWebhooks(db, b.id)).toEqual([]);
      expect(await getWebhook(db, b.id, id)).toBeNull();
      expect(await listDeliveries(db, b.id, id)).toEqual({ rows: [], total: 0 });
      expect(await getDelivery(db, b.id, deliveryId)).toBeNull();

      // Every mutation through B's scope is "not found" and changes nothing.
      const input = { url: "https://evil.example/steal", events: ["key.created" as const] };
      for (const outcome of [
        await editWebhook(db, b.id, adminB, id, input),
        await setWebhookActive(db, b.id, adminB, id, false),
        await rotateWebhookSecret(db, b.id, adminB, id),
        await resendDelivery(db, b.id, adminB, deliveryId),
        await sendTestEvent(db, b.id, adminB, id),
        await removeWebhook(db, b.id, adminB, id),
      ]) {
        expect(outcome).toMatchObject({ ok: false, reason: "not_found" });
      }
      expect(await getWebhook(db, a.id, id)).toMatchObject({
        url: r.url,
        active: true,
        secretStart: created.value.endpoint.secretStart,
      });
      expect(await getDelivery(db, a.id, deliveryId)).toMatchObject({
        status: "delivered",
        attempts: 1,
      });
      expect(r.received).toHaveLength(1);
      // The one delivery is still signed with A's original secret.
      expect(
        verifySignature(
          created.value.secret,
          String(r.received[0]?.headers["gatehouse-signature"]),
          r.received[0]?.body ?? "",
          new Date(),
        ),
      ).toBe(true);

      // Events of B never reach A's endpoint; B's cron scope never touches A's deliveries.
      expect(
        await emitEvent(db, b.id, "key.created", { key_id: "key_2" }, { deliver: false }),
      ).toEqual([]);
      const [pendingA] = await emitEvent(db, a.id, "key.created", {}, { now: t0, deliver: false });
      expect(await deliverDue(db, t0, { orgId: b.id })).toMatchObject({ delivered: 0 });
      expect(await getDelivery(db, a.id, pendingA?.id ?? "")).toMatchObject({
        status: "pending",
        attempts: 0,
      });
    });
  },
);

describeEachDb("R-WEBHOOKS: console operations on an endpoint", (getDb) => {
  it("R-WEBHOOKS: resend re-sends the same event; rotate signs with the new secret only; ping is signed; audit records each", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = adminActor((await makeAdmin(db, org.id)).id);
    const r = await startReceiver();
    receivers.push(r);
    const created = await createWebhook(db, org.id, actor, { url: r.url, events: ["key.revoked"] });
    if (!created.ok) throw new Error(created.message);
    const id = created.value.endpoint.id;
    const t0 = new Date();
    const [d] = await emitEvent(
      db,
      org.id,
      "key.revoked",
      { key_id: "key_7" },
      { now: t0, deliver: false },
    );
    await deliverDue(db, t0, { orgId: org.id });

    const rotated = await rotateWebhookSecret(db, org.id, actor, id);
    if (!rotated.ok) throw new Error(rotated.message);
    expect(rotated.value.secret).not.toBe(created.value.secret);
    expect(await resendDelivery(db, org.id, actor, d?.id ?? "")).toMatchObject({ ok: true });
    await r.waitFor(2);
    await expect
      .poll(async () => (await getDelivery(db, org.id, d?.id ?? ""))?.status)
      .toBe("delivered");
    const [first, second] = r.received;
    expect(second?.body).toBe(first?.body);
    expect(second?.headers["gatehouse-delivery"]).toBe(d?.id);
    const sig = String(second?.headers["gatehouse-signature"]);
    expect(verifySignature(rotated.value.secret, sig, second?.body ?? "", new Date())).toBe(true);
    expect(verifySignature(created.value.secret, sig, second?.body ?? "", new Date())).toBe(false);

    const ping = await sendTestEvent(db, org.id, actor, id);
    expect(ping).toMatchObject({ ok: true });
    const [, , third] = await r.waitFor(3);
    expect(third?.headers["gatehouse-event"]).toBe("ping");
    expect(JSON.parse(third?.body ?? "{}")).toMatchObject({
      type: "ping",
      org_id: org.id,
      data: { webhook_id: id },
    });
    expect(
      verifySignature(
        rotated.value.secret,
        String(third?.headers["gatehouse-signature"]),
        third?.body ?? "",
        new Date(),
      ),
    ).toBe(true);
    await expect
      .poll(async () =>
        (await listDeliveries(db, org.id, id)).rows.map((row) => [row.event, row.status]),
      )
      .toEqual([
        ["ping", "delivered"],
        ["key.revoked", "delivered"],
      ]);

    // A disabled endpoint refuses resends and test events.
    await setWebhookActive(db, org.id, actor, id, false);
    expect(await sendTestEvent(db, org.id, actor, id)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await resendDelivery(db, org.id, actor, d?.id ?? "")).toMatchObject({
      ok: false,
      reason: "invalid",
    });

    const edited = await editWebhook(db, org.id, actor, id, {
      url: `${r.url}/v2`,
      events: ["key.created", "key.revoked"],
    });
    expect(edited).toMatchObject({
      ok: true,
      value: { url: `${r.url}/v2`, events: ["key.created", "key.revoked"], active: false },
    });
    expect(await removeWebhook(db, org.id, actor, id)).toMatchObject({ ok: true });
    expect(await getWebhook(db, org.id, id)).toBeNull();
    expect(await getDelivery(db, org.id, d?.id ?? "")).toBeNull();

    const audits = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.orgId, org.id))
      .orderBy(asc(auditLog.createdAt));
    expect(audits.map((a) => a.action).sort()).toEqual(
      [
        "webhook.created",
        "webhook.secret_rotated",
        "webhook.delivery_resent",
        "webhook.test_sent",
        "webhook.disabled",
        "webhook.updated",
        "webhook.deleted",
      ].sort(),
    );
    expect(
      audits.every(
        (a) => a.actorType === "admin" && a.actorId === actor.actorId && a.targetId === id,
      ),
    ).toBe(true);
    expect(JSON.stringify(audits)).not.toContain(rotated.value.secret.slice(6));
  });
});

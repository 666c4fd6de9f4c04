import { afterEach, expect, it } from "vitest";
import type { Db } from "@/db";
import { getDelivery, listDeliveries } from "@/db/queries/webhooks";
import { insertPolicy } from "@/db/queries/policies";
import { createApi, editApi } from "@/lib/apis/api-admin";
import { createCatalogEntry } from "@/lib/catalog/catalog-admin";
import { env } from "@/lib/env";
import { TARGET_MESSAGES } from "@/lib/net/address-policy";
import { createWebhook, editWebhook } from "@/lib/webhooks/admin";
import { deliverDue } from "@/lib/webhooks/deliver";
import { emitEvent } from "@/lib/webhooks/emit";
import { describeEachDb, makeOrg } from "../helpers/db";
import { apiValues, entryValues, makeActor, policyInput } from "./config-fixtures";
import { type Receiver, startReceiver } from "./webhooks-receiver";

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function endpointTo(db: Db, url: string) {
  const org = await makeOrg(db);
  const actor = await makeActor(db, org.id);
  const created = await createWebhook(db, org.id, actor, { url, events: ["developer.created"] });
  if (!created.ok) throw new Error(created.message);
  const t0 = new Date();
  const [delivery] = await emitEvent(
    db,
    org.id,
    "developer.created",
    {},
    { now: t0, deliver: false },
  );
  if (!delivery) throw new Error("no delivery recorded");
  return { org, actor, endpoint: created.value.endpoint, delivery, t0 };
}

describeEachDb("R-SEC-SSRF: webhooks and documents refuse private targets", (getDb) => {
  it("R-SEC-SSRF: a delivery to a loopback receiver is refused when private targets are not allowed; the log shows the generic reason", async () => {
    const db = getDb();
    const r = await startReceiver();
    receivers.push(r);
    const { org, endpoint, delivery, t0 } = await endpointTo(db, r.url);
    expect(await deliverDue(db, t0, { orgId: org.id, allowPrivate: false })).toMatchObject({
      retrying: 1,
    });
    expect(r.received).toEqual([]);
    const { rows } = await listDeliveries(db, org.id, endpoint.id);
    expect(rows).toEqual([
      expect.objectContaining({
        id: delivery.id,
        status: "pending",
        attempts: 1,
        lastResponseCode: null,
        lastError: "refused: private address",
      }),
    ]);
    // The operator's opt-in (as in this suite's environment) lets the retry through.
    expect(
      await deliverDue(db, new Date(t0.getTime() + 10_000), { orgId: org.id, allowPrivate: true }),
    ).toMatchObject({ delivered: 1 });
    expect(r.received).toHaveLength(1);
  });

  it("R-SEC-SSRF: a refused connection is logged as 'connection failed', without address or port", async () => {
    const db = getDb();
    const r = await startReceiver();
    await r.close();
    const { org, delivery, t0 } = await endpointTo(db, r.url);
    await deliverDue(db, t0, { orgId: org.id, allowPrivate: true });
    const row = await getDelivery(db, org.id, delivery.id);
    expect(row?.lastError).toBe("connection failed");
    expect(JSON.stringify(row)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:|::1/);
    expect(JSON.stringify(row)).not.toContain(`:${new URL(r.url).port}`);
  });

  it("R-SEC-SSRF: metadata and link-local URLs are refused at save time with a field error, even with private targets allowed", async () => {
    const db = getDb();
    // This suite allows private targets (tests/helpers/setup-env.ts): the strictest case.
    expect(env().GATEHOUSE_ALLOW_PRIVATE_TARGETS).toBe(true);
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const events: ["developer.created"] = ["developer.created"];
    const metadata = "http://169.254.169.254/latest/meta-data/";
    expect(await createWebhook(db, org.id, actor, { url: metadata, events })).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { url: [TARGET_MESSAGES.never] },
    });
    const ok = await createWebhook(db, org.id, actor, { url: "http://127.0.0.1:9/h", events });
    if (!ok.ok) throw new Error(ok.message);
    expect(
      await editWebhook(db, org.id, actor, ok.value.endpoint.id, {
        url: "http://[fd00:ec2::254]/",
        events,
      }),
    ).toMatchObject({ ok: false, fieldErrors: { url: [TARGET_MESSAGES.never] } });

    const policy = await insertPolicy(db, org.id, policyInput());
    expect(
      await createCatalogEntry(
        db,
        org.id,
        actor,
        entryValues(policy.id, { openapiUrl: "http://[fe80::1]/openapi.json" }),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { openapiUrl: [TARGET_MESSAGES.never] } });
    expect(
      await createApi(db, org.id, actor, apiValues({ openapiUrl: `${metadata}openapi.json` })),
    ).toMatchObject({ ok: false, fieldErrors: { openapiUrl: [TARGET_MESSAGES.never] } });
    const api = await createApi(db, org.id, actor, apiValues({ openapiUrl: "http://10.0.0.5/d" }));
    if (!api.ok) throw new Error(api.message);
    expect(
      await editApi(db, org.id, actor, api.value.id, apiValues({ openapiUrl: "http://0.0.0.0/" })),
    ).toMatchObject({ ok: false, fieldErrors: { openapiUrl: [TARGET_MESSAGES.never] } });
  });
});

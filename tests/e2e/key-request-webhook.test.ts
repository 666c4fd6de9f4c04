import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifySignature } from "@/lib/webhooks/signature";
import { gotoHydrated } from "@/tests/helpers/browser";
import { DEMO, pathOf, useE2E, waitForPath } from "@/tests/helpers/e2e";
import {
  gatehouseKeys,
  loginAdmin,
  loginDeveloper,
  ORG,
  readEmail,
} from "@/tests/helpers/portal-e2e";
import { type Received, type Receiver, startReceiver } from "@/tests/integration/webhooks-receiver";

const PRO = "Weather & Geocoding — Pro";
const WEBHOOK_MODE = "A third party decides (webhook)";
const ALICE = DEMO.developer;

/**
 * Key approval in "third party by webhook" mode, end to end: the admin registers a local receiver and a
 * management token in the console and puts Pro in the webhook mode; Alice asks for Pro in the
 * portal; the receiver gets a signed key_request.created; the "third party" (this test) approves
 * through the management API; Alice's key arrives by email (read from the admin Mailbox).
 */
describe("key requests decided by a third party (webhook + management API)", () => {
  // The receiver listens on 127.0.0.1: private targets must be allowed (R-SEC-SSRF).
  const e2e = useE2E({ seed: true, env: { GATEHOUSE_ALLOW_PRIVATE_TARGETS: "1" } });
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  let secret = "";
  let token = "";
  let requestId = "";
  let entryId = "";

  /** The first delivery of `type` the receiver got, waiting up to `timeoutMs`. */
  function delivery(type: string, timeoutMs = 15_000): Promise<Received> {
    return vi.waitFor(
      () => {
        const hit = receiver.received.find((r) => r.headers["gatehouse-event"] === type);
        if (!hit)
          throw new Error(
            `no ${type} delivery yet; got: ${
              receiver.received.map((r) => String(r.headers["gatehouse-event"])).join(", ") ||
              "nothing"
            }`,
          );
        return hit;
      },
      { timeout: timeoutMs, interval: 200 },
    );
  }

  const expectSigned = (r: Received) =>
    expect(
      verifySignature(secret, String(r.headers["gatehouse-signature"]), r.body, new Date()),
      `signature ${String(r.headers["gatehouse-signature"])} does not verify with the endpoint's secret`,
    ).toBe(true);

  const approve = (id: string, authorization?: string) =>
    fetch(e2e.url(`/api/v1/key-requests/${id}/approve`), {
      method: "POST",
      headers: authorization ? { authorization } : {},
    });

  it("R-WEBHOOKS, R-MGMT-API, R-KEYREQ-MODES: the admin registers the receiver for key_request events, creates a management token and puts Pro in the webhook mode", async () => {
    const admin = await e2e.newPage();
    await loginAdmin(admin, e2e);

    // Webhook endpoint: the receiver, subscribed to key_request.created and .approved.
    await gotoHydrated(admin, e2e.url("/admin/webhooks/new"));
    await admin.getByLabel("Endpoint URL").fill(receiver.url);
    await admin.getByLabel("key_request.created").check();
    await admin.getByLabel("key_request.approved").check();
    await admin.getByRole("button", { name: "Add endpoint" }).click();
    secret = ((await admin.getByTestId("secret-once").textContent()) ?? "").trim();
    expect(secret).toMatch(/^whsec_[1-9A-HJ-NP-Za-km-z]{30,}$/);

    // Management API token, shown once.
    await gotoHydrated(admin, e2e.url("/admin/tokens"));
    await admin.getByLabel("Name", { exact: true }).fill("Partner approvals");
    await admin.getByLabel("Used by").selectOption("management");
    await admin.getByRole("button", { name: "Create token" }).click();
    token = ((await admin.getByTestId("secret-once").textContent()) ?? "").trim();
    expect(token).toMatch(/^gm_/);
    await admin.getByRole("cell", { name: "Partner approvals", exact: true }).waitFor();

    // Pro: "A third party decides (webhook)", set on the catalog entry's edit page.
    await gotoHydrated(admin, e2e.url("/admin/catalog"));
    await admin.getByRole("link", { name: PRO, exact: true }).click();
    await admin.waitForURL((u) => /^\/admin\/catalog\/cat_[^/]+$/.test(u.pathname));
    await waitForPath(admin, pathOf(admin));
    entryId = pathOf(admin).split("/").pop() ?? "";
    await admin.getByLabel("Key requests", { exact: true }).selectOption({ label: WEBHOOK_MODE });
    await admin.getByRole("button", { name: "Save entry", exact: true }).click();
    await waitForPath(admin, "/admin/catalog");
    await admin.getByText(`Catalog entry “${PRO}” saved.`).first().waitFor();
    const row = admin.getByRole("row").filter({ has: admin.getByRole("link", { name: PRO }) });
    await expect(row.getByRole("cell").nth(3).textContent()).resolves.toBe(WEBHOOK_MODE);
  });

  it(
    "R-KEYREQ-MODES, R-WEBHOOKS: Alice asks for Pro; the request stays pending and the receiver gets a correctly signed key_request.created",
    { timeout: 90_000 },
    async () => {
      expect(secret, "the first test did not register the endpoint").not.toBe("");
      const page = await e2e.newPage();
      await loginDeveloper(page, e2e, ALICE.email, ALICE.password);
      await gotoHydrated(page, e2e.url(`/${ORG}/catalog/pro`));
      await page.getByText("Requests are reviewed; you will get an email.").waitFor();
      await page
        .getByLabel("What will you build?", { exact: true })
        .fill("A weather widget for our partner's app");
      await page.getByRole("button", { name: "Request access" }).click();
      await page.getByText("Request sent").first().waitFor();
      // Reloaded, the entry says the request is pending and offers no second one.
      await gotoHydrated(page, e2e.url(`/${ORG}/catalog/pro`));
      await page.getByText("Request pending").waitFor();
      await expect(page.getByRole("button", { name: "Request access" }).count()).resolves.toBe(0);

      const created = await delivery("key_request.created");
      expectSigned(created);
      expect(created.headers["content-type"]).toMatch(/^application\/json/);
      expect(created.headers["gatehouse-delivery"]).toMatch(/^whd_/);
      const event = JSON.parse(created.body);
      expect(event).toMatchObject({
        type: "key_request.created",
        data: {
          developer_email: ALICE.email,
          catalog_entry_id: entryId,
          mode: "webhook",
          reason_answers: { app: "A weather widget for our partner's app" },
        },
      });
      expect(event.id).toMatch(/^evt_/);
      requestId = event.data.key_request_id;
      expect(requestId).toMatch(/\S/);
      // A tampered body does not verify with the same header.
      expect(
        verifySignature(
          secret,
          String(created.headers["gatehouse-signature"]),
          created.body.replace("webhook", "auto"),
          new Date(),
        ),
      ).toBe(false);

      // The third party sees the request pending through the management API.
      const list = await fetch(e2e.url("/api/v1/key-requests?status=pending"), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(list.status).toBe(200);
      const pending = (await list.json()) as { data: Array<{ id: string; status: string }> };
      expect(pending.data.find((r) => r.id === requestId)).toMatchObject({ status: "pending" });
    },
  );

  it("R-MGMT-API, R-KEYREQ-MODES: the third party approves through the management API (200 approved); again is a 409 problem; without a token a 401", async () => {
    expect(requestId, "no key_request.created was received").not.toBe("");

    const anonymous = await approve(requestId);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await anonymous.json()).toMatchObject({ code: "unauthorized", status: 401 });
    const wrong = await approve(requestId, "Bearer gm_not-a-real-token-0123456789");
    expect(wrong.status).toBe(401);

    const ok = await approve(requestId, `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^application\/json/);
    const approved = await ok.json();
    expect(approved).toMatchObject({ id: requestId, status: "approved", delivery: "email" });
    expect(approved.key_id).toMatch(/\S/);

    const again = await approve(requestId, `Bearer ${token}`);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await again.json()).toMatchObject({ code: "conflict", status: 409 });

    // The decision is recorded: the request is no longer pending.
    const list = await fetch(e2e.url("/api/v1/key-requests?status=approved"), {
      headers: { authorization: `Bearer ${token}` },
    });
    const decided = (await list.json()) as { data: Array<{ id: string; key_id: string }> };
    expect(decided.data.find((r) => r.id === requestId)).toMatchObject({
      key_id: approved.key_id,
    });
  });

  it(
    "R-KEY-EMAIL, R-WEBHOOKS: Alice gets the key by email and sees the request approved; the receiver gets a signed key_request.approved",
    { timeout: 90_000 },
    async () => {
      expect(requestId, "no key_request.created was received").not.toBe("");
      const admin = await e2e.newPage();
      await loginAdmin(admin, e2e);
      const mail = await readEmail(admin, e2e, { to: ALICE.email, subject: `Your key for ${PRO}` });
      const [key] = gatehouseKeys(mail.text);
      expect(key, `no gh_ key in the email:\n${mail.text}`).toBeDefined();

      const page = await e2e.newPage();
      await loginDeveloper(page, e2e, ALICE.email, ALICE.password);
      await gotoHydrated(page, e2e.url(`/${ORG}/keys`));
      const card = page.getByTestId("portal-key").filter({ hasText: (key ?? "").slice(0, 9) });
      await expect(card.count()).resolves.toBe(1);
      await expect(card.textContent()).resolves.toContain(PRO);
      const request = page
        .getByRole("table", { name: "Access requests" })
        .locator("tbody tr")
        .filter({ hasText: PRO });
      await expect(request.count()).resolves.toBe(1);
      await expect(request.textContent()).resolves.toContain("Approved");

      const approvedEvent = await delivery("key_request.approved");
      expectSigned(approvedEvent);
      expect(JSON.parse(approvedEvent.body)).toMatchObject({
        type: "key_request.approved",
        data: { key_request_id: requestId, catalog_entry_id: entryId },
      });
      // Only the subscribed events were sent, each once.
      expect(receiver.received.map((r) => r.headers["gatehouse-event"]).sort()).toEqual([
        "key_request.approved",
        "key_request.created",
      ]);
    },
  );
});

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectVisible, gotoHydrated, MOBILE } from "@/tests/helpers/browser";
import { DEMO, expectAccessible, login, useE2E, waitForPath } from "@/tests/helpers/e2e";
import {
  linkPath,
  loginAdmin,
  loginDeveloper,
  newLoggedInDeveloper,
  ORG,
  readEmail,
  settle,
} from "@/tests/helpers/portal-e2e";

const VIEWER = DEMO.viewer;

async function loginViewer(page: Page, e2e: ReturnType<typeof useE2E>) {
  await login(page, e2e.url("/admin/login"), VIEWER.email, VIEWER.password);
  await waitForPath(page, "/admin");
}

describe("R-SEC-SECRETS-VIEW and R-SEC-EMAIL-CHANGE in the browser (seeded demo, no Resend)", () => {
  const e2e = useE2E({ seed: true });

  it(
    "R-SEC-SECRETS-VIEW: a viewer sees [redacted] in a reset email and its token is nowhere in the page; the owner (undelivered, local mode) sees the link with a banner",
    { timeout: 180_000 },
    async () => {
      // Anyone may ask for a reset of the demo developer on the public form.
      const visitor = await e2e.newPage();
      await gotoHydrated(visitor, e2e.url(`/${ORG}/reset`));
      await visitor.getByLabel("Email", { exact: true }).fill(DEMO.developer.email);
      await visitor.getByRole("button", { name: /reset/i }).click();
      await visitor.getByText("If an account exists for this email").waitFor();

      const owner = await e2e.newPage();
      await loginAdmin(owner, e2e);
      const subject = `Reset your ${DEMO.orgName} portal password`;
      const mail = await readEmail(owner, e2e, { to: DEMO.developer.email, subject });
      const path = linkPath(mail.text, `/${ORG}/reset/`);
      const token = path.split("/").pop() ?? "";
      expect(token.length).toBeGreaterThan(20);
      await owner
        .getByText("This message was not delivered: no email provider is configured.")
        .waitFor();
      const emailUrl = owner.url();

      for (const viewport of [undefined, MOBILE]) {
        const viewer = await e2e.newPage(viewport);
        await loginViewer(viewer, e2e);
        const res = await viewer.goto(emailUrl);
        const served = (await res?.text()) ?? "";
        expect(served).toContain("[redacted]");
        expect(served, "token in the served HTML").not.toContain(token);
        await viewer.getByTestId("email-text").waitFor();
        expect(await viewer.getByTestId("email-text").textContent()).toContain(
          `/${ORG}/reset/[redacted]`,
        );
        expect(await viewer.content(), "token in the rendered page").not.toContain(token);
        const frame = await viewer
          .locator('iframe[title="Email HTML body"]')
          .getAttribute("srcdoc");
        expect(frame).toContain("[redacted]");
        expect(frame).not.toContain(token);
        await viewer.getByText("Viewers never see the links and keys in emails").waitFor();
        await expectAccessible(viewer, `mailbox email as viewer (${viewport ? "375" : "1280"} px)`);

        await gotoHydrated(viewer, e2e.url("/admin/mailbox"));
        expect(await viewer.content()).not.toContain(token);
        await viewer.getByText("Links and keys in them are redacted for viewers.").waitFor();
        await expectAccessible(viewer, `mailbox as viewer (${viewport ? "375" : "1280"} px)`);
      }
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: the login changes only after the link in the new inbox is confirmed; then the developer logs in with the new email and the old one is told",
    { timeout: 240_000 },
    async () => {
      const { page, email, password } = await newLoggedInDeveloper(e2e, "change-me");
      const next = `changed.${Date.now().toString(36)}@example.com`;

      await gotoHydrated(page, e2e.url(`/${ORG}/account`));
      const form = page
        .locator("form")
        .filter({ has: page.getByRole("button", { name: "Change email" }) });
      await form.getByLabel("New email", { exact: true }).fill(next);
      await form.getByLabel("Current password", { exact: true }).fill(password);
      await form.getByRole("button", { name: "Change email" }).click();
      const pending = page.getByTestId("pending-email");
      await pending.getByText(next).waitFor();
      await expectVisible(pending.getByRole("button", { name: "Send the link again" }));
      await expectVisible(pending.getByRole("button", { name: "Cancel change" }));
      await settle(page);
      await expectAccessible(page, "edit profile with a pending email change");

      // Not the login yet.
      const early = await e2e.newPage();
      await login(early, e2e.url(`/${ORG}/login`), next, password);
      await early.getByText("Email or password is incorrect.").waitFor();

      const owner = await e2e.newPage();
      await loginAdmin(owner, e2e);
      const confirm = await readEmail(owner, e2e, {
        to: next,
        subject: `Confirm your new email for ${DEMO.orgName}`,
      });
      const confirmPath = linkPath(confirm.text, `/${ORG}/confirm-email/`);

      for (const viewport of [MOBILE, undefined]) {
        const inbox = await e2e.newPage(viewport);
        await gotoHydrated(inbox, e2e.url(confirmPath));
        await inbox.getByText(next).first().waitFor();
        await expectAccessible(inbox, `confirm new email (${viewport ? "375" : "1280"} px)`);
        if (!viewport) {
          // Opening the link changed nothing; the button does.
          await inbox.getByRole("button", { name: "Confirm new email" }).click();
          await inbox.getByText(`Your email is now ${next}. Log in with it.`).waitFor();
          await settle(inbox);
          await expectAccessible(inbox, "new email confirmed");
        }
      }

      // Every session of the account ended: the first browser is logged out.
      await page.goto(e2e.url(`/${ORG}/dashboard`));
      await waitForPath(page, `/${ORG}/login`);
      await loginDeveloper(page, e2e, next, password);

      const stale = await e2e.newPage();
      await login(stale, e2e.url(`/${ORG}/login`), email, password);
      await stale.getByText("Email or password is incorrect.").waitFor();

      // The old address was told, with a "This wasn't me" link to an accessible page.
      const notice = await readEmail(owner, e2e, {
        to: email,
        subject: `Your ${DEMO.orgName} email was changed`,
      });
      const securityPath = linkPath(notice.text, `/${ORG}/security/`);
      const secure = await e2e.newPage();
      await gotoHydrated(secure, e2e.url(securityPath));
      await secure.getByRole("button", { name: "Secure my account" }).waitFor();
      await expectAccessible(secure, "this wasn't me");
    },
  );

  // Last in the file: it changes the demo viewer's email.
  it(
    "R-SEC-EMAIL-CHANGE, R-SEC-ADMINS: an admin's new email counts once confirmed from its inbox; 'This wasn't me' from the old address takes the account back",
    { timeout: 240_000 },
    async () => {
      const next = `viewer.${Date.now().toString(36)}@example.com`;
      const page = await e2e.newPage();
      await loginViewer(page, e2e);
      await gotoHydrated(page, e2e.url("/admin/account"));
      const form = page
        .locator("form")
        .filter({ has: page.getByRole("button", { name: "Change email" }) });
      await form.getByLabel("New email", { exact: true }).fill(next);
      await form.getByLabel("Current password", { exact: true }).fill("not the password");
      await form.getByRole("button", { name: "Change email" }).click();
      await form.getByText("Your current password is not correct.").first().waitFor();
      // What was typed is kept.
      await expect(form.getByLabel("New email", { exact: true }).inputValue()).resolves.toBe(next);
      await form.getByLabel("Current password", { exact: true }).fill(VIEWER.password);
      await form.getByRole("button", { name: "Change email" }).click();
      await page.getByTestId("pending-email").getByText(next).waitFor();
      await settle(page);
      await expectAccessible(page, "admin account with a pending email change");

      const owner = await e2e.newPage();
      await loginAdmin(owner, e2e);
      const confirm = await readEmail(owner, e2e, {
        to: next,
        subject: `Confirm your new admin email for ${DEMO.orgName}`,
      });
      const confirmPath = linkPath(confirm.text, "/admin/confirm-email/");
      const inbox = await e2e.newPage(MOBILE);
      await gotoHydrated(inbox, e2e.url(confirmPath));
      await inbox.getByText(next).first().waitFor();
      await expectAccessible(inbox, "confirm new admin email (375 px)");
      await inbox.getByRole("button", { name: "Confirm new email" }).click();
      await inbox.getByText(`Your admin email is now ${next}. Log in with it.`).waitFor();
      await settle(inbox);
      await expectAccessible(inbox, "admin email confirmed (375 px)");

      // Every session of the account ended; the new email logs in, the old one no longer does.
      await page.goto(e2e.url("/admin/developers"));
      await waitForPath(page, "/admin/login");
      await login(page, e2e.url("/admin/login"), next, VIEWER.password);
      await waitForPath(page, "/admin");

      // The old address was told, with a "This wasn't me" link.
      const notice = await readEmail(owner, e2e, {
        to: VIEWER.email,
        subject: `Your ${DEMO.orgName} admin email was changed`,
      });
      const secure = await e2e.newPage();
      await gotoHydrated(secure, e2e.url(linkPath(notice.text, "/admin/security/")));
      await secure.getByText(VIEWER.email).first().waitFor();
      await expectAccessible(secure, "admin 'this wasn't me'");
      await secure.getByRole("button", { name: "Secure my account" }).click();
      await secure.getByText(`We sent a link to choose a new one to ${VIEWER.email}.`).waitFor();

      // The session that used the new email is over, and neither email logs in with the password.
      await page.goto(e2e.url("/admin/developers"));
      await waitForPath(page, "/admin/login");
      for (const email of [next, VIEWER.email]) {
        const again = await e2e.newPage();
        await login(again, e2e.url("/admin/login"), email, VIEWER.password);
        await again
          .getByText(/incorrect/)
          .first()
          .waitFor();
      }
      await readEmail(owner, e2e, {
        to: VIEWER.email,
        subject: `Reset your ${DEMO.orgName} admin password`,
      });
    },
  );
});

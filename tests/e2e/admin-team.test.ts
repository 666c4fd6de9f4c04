import { Secret, TOTP } from "otpauth";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { gotoHydrated, MOBILE } from "@/tests/helpers/browser";
import {
  DEMO,
  expectAccessible,
  login,
  pathOf,
  uniqueEmail,
  useE2E,
  waitForPath,
} from "@/tests/helpers/e2e";
import { linkPath, readEmail, settle } from "@/tests/helpers/portal-e2e";

// R-SEC-ADMINS in Chromium against `next start` with the seeded demo organisation: the owner
// invites an admin, who accepts from the Mailbox link; the owner makes them a viewer, disables
// them, and they can no longer log in. Then the owner turns on TOTP two-factor (the test reads
// the key from the page and computes codes with otpauth) and logs in with a code. Last, the
// viewer resets a forgotten password from the login page. Every screen is checked with axe.

const OWNER = DEMO.admin;
const VIEWER = DEMO.viewer;
const INVITEE = {
  email: uniqueEmail("invitee").toLowerCase(),
  name: "Ivy Invitee",
  password: "Ivy-sturdy-passphrase-7",
};

/** What the owner's authenticator app knows, once the test has set it up. */
const app = { secret: "", lastStep: 0 };
const STEP_MS = 30_000;

/**
 * A code the server will accept now: its step within one of the current one and later than the
 * last step used (each code works once). Waits for the next step when none is left.
 */
async function nextCode(page: Page): Promise<string> {
  if (!app.secret) throw new Error("two-factor was not set up by an earlier test");
  for (;;) {
    const current = Math.floor(Date.now() / STEP_MS);
    const step = [current, current + 1].find((s) => s > app.lastStep);
    if (step !== undefined) {
      app.lastStep = step;
      return TOTP.generate({ secret: Secret.fromBase32(app.secret), timestamp: step * STEP_MS });
    }
    await page.waitForTimeout((current + 1) * STEP_MS - Date.now() + 200);
  }
}

async function loginOwner(page: Page, e2e: ReturnType<typeof useE2E>) {
  await login(page, e2e.url("/admin/login"), OWNER.email, OWNER.password);
  await waitForPath(page, "/admin");
}

/** The row of the Team table for an email. */
function member(page: Page, email: string) {
  return page.getByTestId("team-member").filter({ hasText: email });
}

async function manage(page: Page, email: string) {
  await member(page, email)
    .getByRole("button", { name: `Manage ${email}` })
    .click();
  return page.getByRole("dialog", { name: `Manage ${email}` });
}

describe("R-SEC-ADMINS: admin team and two-factor (Chromium)", () => {
  const e2e = useE2E({ seed: true });

  it("R-SEC-ADMINS: the owner invites an admin, who accepts from the Mailbox link; role → viewer; disabled, they cannot log in", async () => {
    const owner = await e2e.newPage();
    await loginOwner(owner, e2e);
    await owner
      .getByRole("navigation", { name: "Admin console" })
      .getByRole("link", { name: "Team" })
      .click();
    await waitForPath(owner, "/admin/team");
    await expect.poll(() => member(owner, OWNER.email).count()).toBe(1);
    await expectAccessible(owner, "team page (1280 px)");

    await owner.getByLabel("Email", { exact: true }).fill(INVITEE.email);
    await owner.getByLabel("Role").selectOption("admin");
    await owner.getByRole("button", { name: "Send invitation" }).click();
    await owner.getByText(`Invitation sent to ${INVITEE.email}.`).first().waitFor();
    await expect.poll(() => member(owner, INVITEE.email).textContent()).toMatch(/Invited/);

    const mail = await readEmail(owner, e2e, { to: INVITEE.email, subject: /admin console/ });
    const acceptPath = linkPath(mail.text, "/admin/invite/");

    const invitee = await e2e.newPage();
    await gotoHydrated(invitee, e2e.url(acceptPath));
    await invitee.getByRole("heading", { name: `Join ${DEMO.orgName}` }).waitFor();
    await expectAccessible(invitee, "invitation accept page (1280 px)");
    await invitee.getByLabel("Your name").fill(INVITEE.name);
    await invitee.getByLabel("New password", { exact: true }).fill(INVITEE.password);
    await invitee.getByLabel("Repeat the new password").fill(INVITEE.password);
    await invitee.getByRole("button", { name: "Accept invitation" }).click();
    await waitForPath(invitee, "/admin/login");
    await invitee.getByText("Welcome to the team!").waitFor();
    await login(invitee, e2e.url("/admin/login"), INVITEE.email, INVITEE.password);
    await waitForPath(invitee, "/admin");
    // An admin sees no Team area, and the page itself sends them away.
    expect(await invitee.getByRole("link", { name: "Team" }).count()).toBe(0);
    await invitee.goto(e2e.url("/admin/team"));
    await waitForPath(invitee, "/admin");

    await gotoHydrated(owner, e2e.url("/admin/team"));
    const row = member(owner, INVITEE.email);
    await expect.poll(() => row.textContent()).toMatch(/Ivy Invitee.*admin.*Active/);
    let dialog = await manage(owner, INVITEE.email);
    await expectAccessible(owner, "manage admin dialog");
    await dialog.getByLabel("Role").selectOption("viewer");
    await dialog.getByRole("button", { name: "Change role" }).click();
    await owner.getByText(`${INVITEE.email} is now a viewer.`).first().waitFor();
    await owner.keyboard.press("Escape");
    await expect.poll(() => row.textContent()).toMatch(/viewer/);

    dialog = await manage(owner, INVITEE.email);
    await dialog.getByRole("button", { name: "Disable" }).click();
    await owner
      .getByText(`${INVITEE.email} is disabled and logged out everywhere.`)
      .first()
      .waitFor();
    await owner.keyboard.press("Escape");
    await expect.poll(() => row.textContent()).toMatch(/Disabled/);

    // The invitee's open session has ended, and logging in again is refused.
    await gotoHydrated(invitee, e2e.url("/admin/developers"));
    await waitForPath(invitee, "/admin/login");
    await login(invitee, e2e.url("/admin/login"), INVITEE.email, INVITEE.password);
    await invitee.getByText("Email or password is incorrect.").waitFor();
    expect(pathOf(invitee)).toBe("/admin/login");

    const mobile = await e2e.newPage(MOBILE);
    await loginOwner(mobile, e2e);
    await gotoHydrated(mobile, e2e.url("/admin/team"));
    await expectAccessible(mobile, "team page (375 px)");
  });

  it("R-SEC-ADMINS: the owner turns on TOTP on the Account page, then logs in with a code computed from the key on the page", async () => {
    const page = await e2e.newPage();
    await loginOwner(page, e2e);
    await gotoHydrated(page, e2e.url("/admin/account"));
    const section = page.getByRole("region", { name: /Two-factor authentication/ });
    await section.getByRole("button", { name: "Set up two-factor authentication" }).click();
    const secretText = await section.getByTestId("totp-secret").textContent({ timeout: 15_000 });
    app.secret = (secretText ?? "").replace(/\s/g, "");
    expect(app.secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect.poll(() => section.getByRole("img", { name: /QR code/ }).count()).toBe(1);
    await section.getByText("Show the setup link (otpauth://)").click();
    expect(await section.getByTestId("totp-uri").textContent()).toMatch(
      /^otpauth:\/\/totp\/.+secret=/,
    );
    await expectAccessible(page, "two-factor set-up (1280 px)");

    await section.getByLabel("Code from your app").fill(await nextCode(page));
    await section.getByRole("button", { name: "Turn on two-factor" }).click();
    const codes = section.getByTestId("recovery-codes").getByRole("listitem");
    await expect.poll(() => codes.count(), { timeout: 15_000 }).toBe(10);
    await settle(page);
    await expectAccessible(page, "recovery codes shown once");
    await section.getByRole("button", { name: "I have saved them" }).click();
    await section.getByText("10 recovery codes left.").waitFor();

    // Log out; the password alone no longer opens the console.
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await waitForPath(page, "/admin/login");
    await login(page, e2e.url("/admin/login"), OWNER.email, OWNER.password);
    await page.getByRole("heading", { name: "Two-factor authentication" }).waitFor();
    expect(pathOf(page)).toBe("/admin/login");
    await expectAccessible(page, "login code step (1280 px)");
    await page.getByLabel("Code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await page
      .getByText(/This code is not valid/)
      .first()
      .waitFor();
    // A later step's code: the one that confirmed the set-up cannot be used again.
    await page.getByLabel("Code").fill(await nextCode(page));
    await page.getByRole("button", { name: "Verify" }).click();
    await waitForPath(page, "/admin");

    const mobile = await e2e.newPage(MOBILE);
    await login(mobile, e2e.url("/admin/login"), OWNER.email, OWNER.password);
    await mobile.getByLabel("Code").waitFor();
    await expectAccessible(mobile, "login code step (375 px)");
  });

  it("R-SEC-ADMINS: a viewer resets a forgotten password from the login page; with two-factor required, their login leads only to the set-up", async () => {
    const viewer = await e2e.newPage(MOBILE);
    await gotoHydrated(viewer, e2e.url("/admin/login"));
    await viewer.getByRole("link", { name: "Forgot password?" }).click();
    await waitForPath(viewer, "/admin/reset");
    await expectAccessible(viewer, "admin reset request (375 px)");
    await viewer.getByLabel("Email").fill(VIEWER.email);
    await viewer.getByRole("button", { name: "Send reset link" }).click();
    await viewer.getByText(/If an admin account exists for this email/).waitFor();

    // The owner (two-factor on since the previous test) reads the Mailbox.
    const owner = await e2e.newPage();
    await login(owner, e2e.url("/admin/login"), OWNER.email, OWNER.password);
    await owner.getByLabel("Code").fill(await nextCode(owner));
    await owner.getByRole("button", { name: "Verify" }).click();
    await waitForPath(owner, "/admin");
    const mail = await readEmail(owner, e2e, {
      to: VIEWER.email,
      subject: /Reset your .* admin password/,
    });

    // The owner now requires two-factor of every admin.
    await gotoHydrated(owner, e2e.url("/admin/team"));
    await owner.getByLabel("Require two-factor for all admins").check();
    await owner.getByRole("button", { name: "Save" }).click();
    await owner
      .getByText(/Two-factor is now required/)
      .first()
      .waitFor();

    const newPassword = "Viewer-new-passphrase-9";
    await gotoHydrated(viewer, e2e.url(linkPath(mail.text, "/admin/reset/")));
    await expectAccessible(viewer, "admin new password (375 px)");
    await viewer.getByLabel("New password", { exact: true }).fill(newPassword);
    await viewer.getByLabel("Repeat the new password").fill(newPassword);
    await viewer.getByRole("button", { name: "Change password" }).click();
    await waitForPath(viewer, "/admin/login");
    await login(viewer, e2e.url("/admin/login"), VIEWER.email, newPassword);
    // Logged in, but without two-factor the viewer can only set it up.
    await waitForPath(viewer, "/admin/two-factor");
    await viewer.getByRole("button", { name: "Set up two-factor authentication" }).waitFor();
    await expectAccessible(viewer, "required two-factor set-up (375 px)");
    await viewer.goto(e2e.url("/admin/developers"));
    await waitForPath(viewer, "/admin/two-factor");
  });
});

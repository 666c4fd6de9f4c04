import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import { listEmails } from "@/db/queries/outbox";
import * as s from "@/db/schema";
import { authenticateDeveloper } from "@/lib/auth/credentials";
import { sha256Hex } from "@/lib/crypto";
import { addDeveloper, INVITATION_TTL_HOURS } from "@/lib/developers/admin";
import { setPasswordWithLink } from "@/lib/developers/password";
import { RESET_TTL_MINUTES, requestPasswordReset } from "@/lib/developers/reset";
import {
  describeEachDb,
  makeAdmin,
  makeDeveloper,
  makeOrg,
  randomHex,
  TEST_PASSWORD,
} from "../helpers/db";
import { auditOf, rowsContain } from "../helpers/dev-fixtures";
import {
  authTokensOf,
  developerRow,
  emailsTo,
  onlyEmail,
  PORTAL_BASE,
  portalUrlOf,
  tokenFromLink,
} from "../helpers/portal-fixtures";

/** Asks for a reset and returns the token of the emailed link. */
async function resetLink(db: Db, org: s.Organisation, email: string): Promise<string> {
  expect(await requestPasswordReset(db, org, email, portalUrlOf(org))).toMatchObject({ ok: true });
  const mails = await emailsTo(db, org.id, email, "passwordReset");
  const last = mails[mails.length - 1];
  if (!last) throw new Error("no reset email");
  return tokenFromLink(last.text, `${portalUrlOf(org)}/reset`);
}

describeEachDb("Developer portal: password reset and invitation links", (getDb) => {
  it("R-PASSWORD-RESET: an active developer gets an email with a single-use /reset/<token> link; only its hash is stored", async () => {
    const db = getDb();
    const org = await makeOrg(db, { name: "Acme APIs" });
    const dev = await makeDeveloper(db, org.id);
    const token = await resetLink(db, org, dev.email.toUpperCase());

    const mail = await onlyEmail(db, org.id, dev.email, "passwordReset");
    expect(mail.subject).toBe("Reset your Acme APIs portal password");
    expect(mail.html).toContain(`${portalUrlOf(org)}/reset/${token}`);
    expect(mail.text).toContain(`${RESET_TTL_MINUTES} minutes`);
    const rows = await authTokensOf(db, org.id, dev.id, "password_reset");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(sha256Hex(token));
    expect(rowsContain(rows, token)).toBe(false);
    const ttl = (rows[0]?.expiresAt.getTime() ?? 0) - Date.now();
    expect(Math.abs(ttl - RESET_TTL_MINUTES * 60_000)).toBeLessThan(60_000);
  });

  it("R-PASSWORD-RESET: an unknown or inactive email gets nothing (the caller answers the same either way)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const inactive = await makeDeveloper(db, org.id, { status: "inactive" });
    expect(
      await requestPasswordReset(db, org, `nobody.${randomHex()}@example.test`, portalUrlOf(org)),
    ).toMatchObject({ ok: false, reason: "not_found" });
    expect(await requestPasswordReset(db, org, inactive.email, portalUrlOf(org))).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect((await listEmails(db, org.id)).total).toBe(0);
    expect(await db.select().from(s.authTokens).where(eq(s.authTokens.orgId, org.id))).toEqual([]);
  });

  it("R-ORG-ISOLATION: a reset for an email that only has an account in another organisation sends nothing", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const devA = await makeDeveloper(db, a.id);
    expect(await requestPasswordReset(db, b, devA.email, portalUrlOf(b))).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect((await listEmails(db, a.id)).total + (await listEmails(db, b.id)).total).toBe(0);
  });

  it("R-PASSWORD-RESET: the new password works, the old one does not, other sessions end and the link works once", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const token = await resetLink(db, org, dev.email);

    expect(
      await setPasswordWithLink(db, org, "password_reset", token, "my-new-password"),
    ).toMatchObject({ ok: true });
    expect(await authenticateDeveloper(db, org.slug, dev.email, "my-new-password")).toMatchObject({
      uid: dev.id,
      sv: dev.sessionVersion + 1,
    });
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toBeNull();
    expect((await developerRow(db, dev.id))?.sessionVersion).toBe(dev.sessionVersion + 1);
    expect((await auditOf(db, org.id, dev.id)).map((a) => a.action)).toContain(
      "developer.password_reset",
    );

    const again = await setPasswordWithLink(db, org, "password_reset", token, "attacker-password");
    expect(again).toMatchObject({
      ok: false,
      message: "This link has expired or was already used. Ask for a new one.",
    });
    expect(await authenticateDeveloper(db, org.slug, dev.email, "attacker-password")).toBeNull();
    expect(await authenticateDeveloper(db, org.slug, dev.email, "my-new-password")).not.toBeNull();
  });

  it("R-PASSWORD-RESET: an expired link is refused and the password stays", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const token = await resetLink(db, org, dev.email);
    await db
      .update(s.authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(s.authTokens.tokenHash, sha256Hex(token)));
    expect(
      await setPasswordWithLink(db, org, "password_reset", token, "my-new-password"),
    ).toMatchObject({ ok: false });
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).not.toBeNull();
    expect((await developerRow(db, dev.id))?.sessionVersion).toBe(dev.sessionVersion);
  });

  it("R-PASSWORD-RESET: asking again voids the earlier link; only the newest works", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const first = await resetLink(db, org, dev.email);
    const second = await resetLink(db, org, dev.email);
    expect(
      await setPasswordWithLink(db, org, "password_reset", first, "from-first-link"),
    ).toMatchObject({ ok: false });
    expect(
      await setPasswordWithLink(db, org, "password_reset", second, "from-second-link"),
    ).toMatchObject({ ok: true });
    expect(await authenticateDeveloper(db, org.slug, dev.email, "from-second-link")).not.toBeNull();
  });

  it("R-ORG-ISOLATION: a reset link of one organisation does nothing in another, and is not an invitation link", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, a.id);
    const token = await resetLink(db, a, dev.email);
    expect(
      await setPasswordWithLink(db, b, "password_reset", token, "hijacked-password"),
    ).toMatchObject({ ok: false });
    expect(
      await setPasswordWithLink(db, a, "invitation", token, "hijacked-password"),
    ).toMatchObject({ ok: false });
    // Still good where it belongs.
    expect(
      await setPasswordWithLink(db, a, "password_reset", token, "rightful-password"),
    ).toMatchObject({ ok: true });
  });

  it("R-PASSWORD-RESET: two simultaneous uses of one link set the password once", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const token = await resetLink(db, org, dev.email);
    const results = await Promise.all([
      setPasswordWithLink(db, org, "password_reset", token, "password-one"),
      setPasswordWithLink(db, org, "password_reset", token, "password-two"),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await developerRow(db, dev.id))?.sessionVersion).toBe(dev.sessionVersion + 1);
  });

  it("R-PASSWORD-RESET: an invited developer sets a password through the invitation link, then logs in", async () => {
    const db = getDb();
    const org = await makeOrg(db, { name: "Invite Org" });
    const admin = await makeAdmin(db, org.id);
    const email = `invited.${randomHex()}@example.test`;
    const added = await addDeveloper(
      db,
      org,
      {
        email,
        name: "Ivy Invited",
        telephone: null,
        country: null,
        customFields: {},
        access: "invite",
        password: null,
      },
      { actorType: "admin", actorId: admin.id },
      PORTAL_BASE,
    );
    if (!added.ok) throw new Error(added.message);
    expect(added.value.invited).toBe(true);
    // No password yet: nothing logs in.
    expect(await authenticateDeveloper(db, org.slug, email, "")).toBeNull();
    const mail = await onlyEmail(db, org.id, email, "invitation");
    expect(mail.subject).toBe("You are invited to the Invite Org developer portal");
    expect(mail.text).toContain(`${INVITATION_TTL_HOURS} hours`);
    const token = tokenFromLink(mail.text, `${portalUrlOf(org)}/invite`);
    expect(
      (await authTokensOf(db, org.id, added.value.developerId, "invitation"))[0]?.tokenHash,
    ).toBe(sha256Hex(token));

    // A reset can't be done with an invitation token.
    expect(
      await setPasswordWithLink(db, org, "password_reset", token, "chosen-password"),
    ).toMatchObject({ ok: false });
    expect(
      await setPasswordWithLink(db, org, "invitation", token, "chosen-password"),
    ).toMatchObject({ ok: true });
    expect(await authenticateDeveloper(db, org.slug, email, "chosen-password")).toMatchObject({
      uid: added.value.developerId,
    });
    // Following the emailed link proves the address.
    expect((await developerRow(db, added.value.developerId))?.emailVerifiedAt).toBeInstanceOf(Date);
    expect((await auditOf(db, org.id, added.value.developerId)).map((a) => a.action)).toEqual([
      "developer.created",
      "developer.invitation_accepted",
    ]);
    expect(await setPasswordWithLink(db, org, "invitation", token, "second-try")).toMatchObject({
      ok: false,
    });
  });
});

import { expect, it } from "vitest";
import { findDeveloperByEmail } from "@/db/queries/developers";
import { sha256Hex } from "@/lib/crypto";
import { authenticateDeveloper } from "@/lib/auth/credentials";
import { signUpDeveloper } from "@/lib/developers/signup";
import { confirmEmail, sendVerificationEmail, VERIFY_TTL_HOURS } from "@/lib/developers/verify";
import { requestKey } from "@/lib/keyrequests/request";
import { describeEachDb, makeOrg, randomHex } from "../helpers/db";
import { rowsContain } from "../helpers/dev-fixtures";
import {
  authTokensOf,
  developerRow,
  emailsOf,
  emailsTo,
  makeEntry,
  onlyEmail,
  portalUrlOf,
  tokenFromLink,
} from "../helpers/portal-fixtures";

describeEachDb(
  "Developer portal: signup, accounts per organisation, email verification",
  (getDb) => {
    it("R-ORG-ISOLATION: the same email signs up in two organisations as two unrelated accounts", async () => {
      const db = getDb();
      const [a, b] = [await makeOrg(db), await makeOrg(db)];
      const email = `twice.${randomHex()}@example.test`;
      const inA = await signUpDeveloper(
        db,
        a,
        { email, password: "password-of-a", name: "In A", customFields: {} },
        portalUrlOf(a),
      );
      const inB = await signUpDeveloper(
        db,
        b,
        { email: email.toUpperCase(), password: "password-of-b", name: "In B", customFields: {} },
        portalUrlOf(b),
      );
      expect(inA.created && inB.created).toBe(true);
      expect(inA.developerId).not.toBe(inB.developerId);

      const devA = await findDeveloperByEmail(db, a.id, email);
      const devB = await findDeveloperByEmail(db, b.id, email);
      expect([devA?.orgId, devA?.name]).toEqual([a.id, "In A"]);
      expect([devB?.orgId, devB?.name]).toEqual([b.id, "In B"]);

      // Each password opens its own portal only.
      expect((await authenticateDeveloper(db, a.slug, email, "password-of-a"))?.uid).toBe(devA?.id);
      expect((await authenticateDeveloper(db, b.slug, email, "password-of-b"))?.uid).toBe(devB?.id);
      expect(await authenticateDeveloper(db, a.slug, email, "password-of-b")).toBeNull();
      expect(await authenticateDeveloper(db, b.slug, email, "password-of-a")).toBeNull();
      // Each organisation welcomed its own account.
      expect((await emailsOf(db, a.id)).map((m) => [m.template, m.to])).toEqual([
        ["welcome", email],
      ]);
      expect((await emailsOf(db, b.id)).map((m) => [m.template, m.to])).toEqual([
        ["welcome", email],
      ]);
    });

    it("R-ORG-ISOLATION: an account of one organisation cannot log into another organisation's portal", async () => {
      const db = getDb();
      const [a, b] = [await makeOrg(db), await makeOrg(db)];
      const email = `only-a.${randomHex()}@example.test`;
      await signUpDeveloper(
        db,
        a,
        { email, password: "password-of-a", name: "Only A", customFields: {} },
        portalUrlOf(a),
      );
      expect(await authenticateDeveloper(db, a.slug, email, "password-of-a")).toMatchObject({
        kind: "developer",
        orgId: a.id,
      });
      expect(await authenticateDeveloper(db, b.slug, email, "password-of-a")).toBeNull();
      expect(await authenticateDeveloper(db, "no-such-org", email, "password-of-a")).toBeNull();
    });

    it("R-PORTAL-SIGNUP: with email verification on, signup sends a verification email instead of the welcome email", async () => {
      const db = getDb();
      const org = await makeOrg(db, { name: "Verified Org", requireEmailVerification: true });
      const email = `verify.${randomHex()}@example.test`;
      const r = await signUpDeveloper(
        db,
        org,
        { email, password: "first-password", name: "Vera", customFields: {} },
        portalUrlOf(org),
      );
      if (!r.developerId) throw new Error("signup failed");
      expect((await emailsTo(db, org.id, email)).map((m) => m.template)).toEqual(["verifyEmail"]);
      const mail = await onlyEmail(db, org.id, email, "verifyEmail");
      expect(mail.subject).toBe("Confirm your email for Verified Org");
      const token = tokenFromLink(mail.text, `${portalUrlOf(org)}/verify`);
      // Only the hash of the link's token is stored, and it expires.
      const rows = await authTokensOf(db, org.id, r.developerId, "email_verification");
      expect(rows.map((t) => t.tokenHash)).toEqual([sha256Hex(token)]);
      expect(rowsContain(rows, token)).toBe(false);
      const ttl = (rows[0]?.expiresAt.getTime() ?? 0) - Date.now();
      expect(Math.abs(ttl - VERIFY_TTL_HOURS * 3600_000)).toBeLessThan(60_000);
      expect((await developerRow(db, r.developerId))?.emailVerifiedAt).toBeNull();
    });

    it("R-PORTAL-SIGNUP: following the verification link confirms the email once; key requests work only after it", async () => {
      const db = getDb();
      const org = await makeOrg(db, { requireEmailVerification: true, keyRequestMode: "auto" });
      const { entry } = await makeEntry(db, org.id);
      const email = `confirm.${randomHex()}@example.test`;
      const r = await signUpDeveloper(
        db,
        org,
        { email, password: "first-password", name: "Cora", customFields: {} },
        portalUrlOf(org),
      );
      if (!r.developerId) throw new Error("signup failed");
      const before = await developerRow(db, r.developerId);
      if (!before) throw new Error("no developer");
      expect(await requestKey(db, org, before, entry, {})).toMatchObject({
        ok: false,
        reason: "forbidden",
      });

      const token = tokenFromLink(
        (await onlyEmail(db, org.id, email, "verifyEmail")).text,
        `${portalUrlOf(org)}/verify`,
      );
      expect(await confirmEmail(db, org, token)).toMatchObject({ ok: true });
      const after = await developerRow(db, r.developerId);
      expect(after?.emailVerifiedAt).toBeInstanceOf(Date);
      expect(await confirmEmail(db, org, token)).toMatchObject({ ok: false, reason: "invalid" });
      if (!after) throw new Error("no developer");
      expect(await requestKey(db, org, after, entry, {})).toMatchObject({
        ok: true,
        value: { kind: "issued" },
      });
    });

    it("R-PORTAL-SIGNUP: a new verification link replaces the previous one; a link of another organisation does nothing", async () => {
      const db = getDb();
      const org = await makeOrg(db, { requireEmailVerification: true });
      const other = await makeOrg(db);
      const email = `resend.${randomHex()}@example.test`;
      const r = await signUpDeveloper(
        db,
        org,
        { email, password: "first-password", name: "Rena", customFields: {} },
        portalUrlOf(org),
      );
      const dev = r.developerId ? await developerRow(db, r.developerId) : null;
      if (!dev) throw new Error("signup failed");
      await sendVerificationEmail(db, org, dev, portalUrlOf(org));
      const [first, second] = (await emailsTo(db, org.id, email, "verifyEmail")).map((m) =>
        tokenFromLink(m.text, `${portalUrlOf(org)}/verify`),
      );
      if (!first || !second) throw new Error("expected two verification emails");
      expect(await confirmEmail(db, other, second)).toMatchObject({ ok: false, reason: "invalid" });
      expect(await confirmEmail(db, org, first)).toMatchObject({ ok: false, reason: "invalid" });
      expect(await confirmEmail(db, org, second)).toMatchObject({ ok: true });
    });

    it("R-ORG-PORTAL-URL: links in portal emails point under the organisation's own slug", async () => {
      const db = getDb();
      const org = await makeOrg(db, { requireEmailVerification: true });
      const email = `links.${randomHex()}@example.test`;
      await signUpDeveloper(
        db,
        org,
        { email, password: "first-password", name: "Lina", customFields: {} },
        portalUrlOf(org),
      );
      const text = (await onlyEmail(db, org.id, email, "verifyEmail")).text;
      const links = text.match(/https?:\/\/\S+/g) ?? [];
      expect(links.length).toBeGreaterThan(0);
      for (const link of links.filter((l) => l.startsWith("https://portal.example.test")))
        expect(new URL(link).pathname.startsWith(`/${org.slug}/`)).toBe(true);
    });
  },
);

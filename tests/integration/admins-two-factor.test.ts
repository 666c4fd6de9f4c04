import { Secret, TOTP } from "otpauth";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import { getAdmin, updateAdmin } from "@/db/queries/admins";
import type { AdminUser } from "@/db/schema";
import { signChallenge } from "@/lib/admins/challenge";
import { beginAdminLogin, CODE_ATTEMPTS, completeAdminLogin } from "@/lib/admins/login";
import { openTotp } from "@/lib/admins/totp";
import {
  cancelTwoFactorSetup,
  confirmTwoFactor,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactor,
  twoFactorState,
} from "@/lib/admins/two-factor";
import { authenticateAdmin } from "@/lib/auth/credentials";
import { describeEachDb, makeAdmin, makeOrg, TEST_PASSWORD } from "../helpers/db";
import { auditActions } from "../helpers/portal-fixtures";

const SLOW = 120_000;
const STEP = 30_000;

/** The code an authenticator app would show at `at`, computed independently with otpauth. */
function codeAt(secret: string, at: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });
}

async function fresh(db: Db, a: AdminUser): Promise<AdminUser> {
  const row = await getAdmin(db, a.orgId, a.id);
  if (!row) throw new Error("admin vanished");
  return row;
}

/** An admin with two-factor on; returns the secret and recovery codes the way the UI shows them. */
async function enrolled(db: Db, now = Date.now()) {
  const org = await makeOrg(db);
  const admin = await makeAdmin(db, org.id, { role: "owner" });
  const self = { orgId: org.id, adminId: admin.id };
  const started = await startTwoFactor(db, self);
  if (!started.ok) throw new Error(started.message);
  const { secret } = started.value;
  const confirmed = await confirmTwoFactor(db, self, codeAt(secret, now), now);
  if (!confirmed.ok) throw new Error(confirmed.message);
  return {
    org,
    admin: await fresh(db, admin),
    self,
    secret,
    recoveryCodes: confirmed.value.recoveryCodes,
  };
}

describeEachDb("R-SEC-ADMINS: TOTP two-factor (lib/admins/two-factor.ts, login.ts)", (getDb) => {
  it("R-SEC-ADMINS: enrolment stores the secret encrypted, turns on only with a current code, and gives 10 single-use recovery codes stored as hashes", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const self = { orgId: org.id, adminId: admin.id };
    const started = await startTwoFactor(db, self);
    if (!started.ok) throw new Error(started.message);
    const { secret } = started.value;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const pending = await fresh(db, admin);
    expect(twoFactorState(pending)).toEqual({ status: "pending", secret });
    expect(pending.totpEnabledAt).toBeNull();
    expect(pending.totpSecret).not.toContain(secret);
    // Bound to this admin: the same ciphertext on another admin's row does not open.
    expect(openTotp("adm_someoneElse", pending.totpSecret ?? "")).toBeNull();

    const now = Date.now();
    const wrong = await confirmTwoFactor(db, self, codeAt(secret, now + 10 * STEP), now);
    expect(wrong).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { code: [expect.any(String)] },
    });
    expect((await fresh(db, admin)).totpEnabledAt).toBeNull();

    const ok = await confirmTwoFactor(db, self, codeAt(secret, now), now);
    if (!ok.ok) throw new Error(ok.message);
    const codes = ok.value.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const on = await fresh(db, admin);
    expect(on.totpEnabledAt).toBeInstanceOf(Date);
    expect(on.recoveryCodeHashes).toHaveLength(10);
    for (const h of on.recoveryCodeHashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify(on);
    for (const c of codes) {
      expect(stored).not.toContain(c);
      expect(stored).not.toContain(c.replace("-", ""));
    }
    expect(twoFactorState(on)).toEqual({ status: "on", recoveryCodesLeft: 10 });
    expect((await auditActions(db, org.id, admin.id)).map((a) => a.action)).toEqual([
      "admin.two_factor_setup_started",
      "admin.two_factor_enabled",
    ]);
  });

  it(
    "R-SEC-ADMINS: login with two-factor: no claims after the password, a code computed from the secret completes it, and each code works once",
    async () => {
      const db = getDb();
      const now = Date.now();
      const { admin, secret } = await enrolled(db, now - 2 * STEP);
      // Email and password alone (the provider's direct path too) never sign this admin in: the
      // provider gets an error carrying the challenge, not a user.
      await expect(authenticateAdmin(db, admin.email, TEST_PASSWORD)).rejects.toMatchObject({
        type: "CredentialsSignin",
        code: "two_factor",
        challenge: expect.any(String),
      });

      const start = await beginAdminLogin(db, admin.email, TEST_PASSWORD);
      if (!start.ok || !start.needsCode) throw new Error("expected the code step");
      expect(await completeAdminLogin(db, start.challenge, undefined, now)).toEqual({
        ok: false,
        reason: "code",
      });
      expect(await completeAdminLogin(db, start.challenge, "000000", now)).toMatchObject({
        ok: false,
        reason: "code",
      });
      // Two steps away: outside the ±1 window.
      expect(
        await completeAdminLogin(db, start.challenge, codeAt(secret, now + 2 * STEP), now),
      ).toMatchObject({ ok: false });

      const done = await completeAdminLogin(db, start.challenge, codeAt(secret, now), now);
      expect(done).toEqual({
        ok: true,
        secondFactor: "totp",
        claims: { kind: "admin", uid: admin.id, orgId: admin.orgId, sv: admin.sessionVersion },
      });
      // The same code again (a replay within its window) and an older one are refused.
      expect(
        await completeAdminLogin(db, start.challenge, codeAt(secret, now), now + 5_000),
      ).toMatchObject({ ok: false, reason: "code" });
      expect(
        await completeAdminLogin(db, start.challenge, codeAt(secret, now - STEP), now),
      ).toMatchObject({ ok: false, reason: "code" });
      // The next step's code (clock drift of one step) is accepted.
      expect(
        await completeAdminLogin(db, start.challenge, codeAt(secret, now + STEP), now),
      ).toMatchObject({ ok: true });
      const actions = (await auditActions(db, admin.orgId, admin.id)).map((a) => [
        a.action,
        a.data,
      ]);
      expect(actions).toContainEqual(["admin.login", { secondFactor: "totp" }]);
      expect(actions).toContainEqual(["admin.login_failed", { reason: "code" }]);
      // The password step alone is no login.
      expect(actions.filter(([a]) => a === "admin.login")).toHaveLength(2);
    },
    SLOW,
  );

  it("R-SEC-ADMINS: two logins racing with the same code: exactly one succeeds", async () => {
    const db = getDb();
    const now = Date.now();
    const { admin, secret } = await enrolled(db, now - 2 * STEP);
    const challenge = signChallenge({
      adminId: admin.id,
      orgId: admin.orgId,
      sv: admin.sessionVersion,
    });
    const code = codeAt(secret, now);
    const results = await Promise.all([
      completeAdminLogin(db, challenge, code, now),
      completeAdminLogin(db, challenge, code, now),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("R-SEC-ADMINS: a recovery code replaces the app once; each works once", async () => {
    const db = getDb();
    const { admin, recoveryCodes } = await enrolled(db);
    const challenge = signChallenge({
      adminId: admin.id,
      orgId: admin.orgId,
      sv: admin.sessionVersion,
    });
    const [first = "", second = ""] = recoveryCodes;
    expect(await completeAdminLogin(db, challenge, ` ${first.toUpperCase()} `)).toMatchObject({
      ok: true,
      secondFactor: "recovery_code",
    });
    expect(await completeAdminLogin(db, challenge, first)).toMatchObject({
      ok: false,
      reason: "code",
    });
    // Typed without the dash: the same code.
    expect(await completeAdminLogin(db, challenge, second.replace("-", ""))).toMatchObject({
      ok: true,
    });
    expect((await fresh(db, admin)).recoveryCodeHashes).toHaveLength(8);
    expect(
      (await auditActions(db, admin.orgId, admin.id))
        .filter((a) => a.action === "admin.recovery_code_used")
        .map((a) => a.data),
    ).toEqual([{ remaining: 9 }, { remaining: 8 }]);
  });

  it("R-SEC-ADMINS: after 5 wrong codes the code step refuses even a right one for a while", async () => {
    const db = getDb();
    const now = Date.now();
    const { admin, secret } = await enrolled(db, now - 2 * STEP);
    const challenge = signChallenge({
      adminId: admin.id,
      orgId: admin.orgId,
      sv: admin.sessionVersion,
    });
    for (let i = 0; i < CODE_ATTEMPTS; i++)
      expect(await completeAdminLogin(db, challenge, "12345x", now)).toMatchObject({
        reason: "code",
      });
    expect(await completeAdminLogin(db, challenge, codeAt(secret, now), now)).toEqual({
      ok: false,
      reason: "throttled",
    });
    // Sixteen minutes later the window has passed (attempts are counted from the audit log).
    const later = now + 16 * 60_000;
    const again = signChallenge(
      { adminId: admin.id, orgId: admin.orgId, sv: admin.sessionVersion },
      later,
    );
    expect(await completeAdminLogin(db, again, codeAt(secret, later), later)).toMatchObject({
      ok: true,
    });
  });

  it("R-SEC-ADMINS: a forged, altered, expired or other-admin challenge is refused", async () => {
    const db = getDb();
    const now = Date.now();
    const a = await enrolled(db, now - 2 * STEP);
    const b = await enrolled(db, now - 2 * STEP);
    const challengeOf = (x: AdminUser, at = now) =>
      signChallenge({ adminId: x.id, orgId: x.orgId, sv: x.sessionVersion }, at);
    const good = challengeOf(a.admin);
    const [body = "", sig = ""] = good.split(".");
    const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as object;
    // A's signature on a payload naming B.
    const swapped = Buffer.from(
      JSON.stringify({ ...payload, a: b.admin.id, o: b.admin.orgId }),
    ).toString("base64url");
    const flipped = `${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`;
    for (const [challenge, code] of [
      [`${swapped}.${sig}`, codeAt(b.secret, now)],
      [`${body}.${flipped}`, codeAt(a.secret, now)],
      ["", codeAt(a.secret, now)],
      ["x.y", codeAt(a.secret, now)],
      [`${good}.z`, codeAt(a.secret, now)],
      // Six minutes old: expired.
      [challengeOf(a.admin, now - 6 * 60_000), codeAt(a.secret, now)],
    ] as const)
      expect(await completeAdminLogin(db, challenge, code, now)).toEqual({
        ok: false,
        reason: "challenge",
      });
    // For an admin without two-factor there is no code step: the login starts again.
    const plain = await makeAdmin(db, a.org.id);
    expect(await completeAdminLogin(db, challengeOf(plain), "123456", now)).toEqual({
      ok: false,
      reason: "challenge",
    });
    expect(await completeAdminLogin(db, good, codeAt(a.secret, now), now)).toMatchObject({
      ok: true,
      claims: { uid: a.admin.id },
    });
  });

  it(
    "R-SEC-ADMINS: turning two-factor off needs the password or a code; new recovery codes need an app code",
    async () => {
      const db = getDb();
      const now = Date.now();
      const { admin, self, secret, recoveryCodes } = await enrolled(db, now - 2 * STEP);
      expect(await disableTwoFactor(db, self, { password: "not-the-password" })).toMatchObject({
        ok: false,
        fieldErrors: { password: ["The password is incorrect."] },
      });
      expect(await disableTwoFactor(db, self, { code: "123456" })).toMatchObject({
        ok: false,
        fieldErrors: { code: ["This code is not valid."] },
      });
      expect(await disableTwoFactor(db, self, {})).toMatchObject({ ok: false });
      expect((await fresh(db, admin)).totpEnabledAt).not.toBeNull();

      // A recovery code typed where an app code is needed is refused and not spent.
      expect(await regenerateRecoveryCodes(db, self, recoveryCodes[0] ?? "")).toMatchObject({
        ok: false,
      });
      expect((await fresh(db, admin)).recoveryCodeHashes).toHaveLength(10);
      const renewed = await regenerateRecoveryCodes(db, self, codeAt(secret, Date.now()));
      if (!renewed.ok) throw new Error(renewed.message);
      const challenge = signChallenge({
        adminId: admin.id,
        orgId: admin.orgId,
        sv: admin.sessionVersion,
      });
      expect(await completeAdminLogin(db, challenge, recoveryCodes[0] ?? "")).toMatchObject({
        ok: false,
      });
      expect(
        await completeAdminLogin(db, challenge, renewed.value.recoveryCodes[0] ?? ""),
      ).toMatchObject({ ok: true });

      expect((await disableTwoFactor(db, self, { code: renewed.value.recoveryCodes[1] })).ok).toBe(
        true,
      );
      const off = await fresh(db, admin);
      expect(off).toMatchObject({ totpSecret: null, totpEnabledAt: null, recoveryCodeHashes: [] });
      // Off again: the password alone logs in.
      expect(await authenticateAdmin(db, admin.email, TEST_PASSWORD)).not.toBeNull();
      const actions = (await auditActions(db, admin.orgId, admin.id)).map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining(["admin.recovery_codes_regenerated", "admin.two_factor_disabled"]),
      );
    },
    SLOW,
  );

  it(
    "R-SEC-ADMINS: a pending set-up can be cancelled or restarted, and never counts as two-factor",
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const admin = await makeAdmin(db, org.id);
      const self = { orgId: org.id, adminId: admin.id };
      const first = await startTwoFactor(db, self);
      const second = await startTwoFactor(db, self);
      if (!first.ok || !second.ok) throw new Error("start failed");
      expect(first.value.secret).not.toBe(second.value.secret);
      // Pending: the password alone still logs in (nothing was confirmed).
      const start = await beginAdminLogin(db, admin.email, TEST_PASSWORD);
      expect(start).toMatchObject({ ok: true });
      // The first secret's codes do not confirm the second set-up.
      expect((await confirmTwoFactor(db, self, codeAt(first.value.secret, Date.now()))).ok).toBe(
        false,
      );
      expect((await cancelTwoFactorSetup(db, self)).ok).toBe(true);
      expect(twoFactorState(await fresh(db, admin))).toEqual({ status: "off" });
      expect((await confirmTwoFactor(db, self, codeAt(second.value.secret, Date.now()))).ok).toBe(
        false,
      );
    },
    SLOW,
  );

  it("R-SEC-ADMINS: a secret that cannot be decrypted (AUTH_SECRET changed) is reported, never crashes", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    await updateAdmin(db, org.id, admin.id, { totpSecret: "v1.garbage" });
    expect(twoFactorState(await fresh(db, admin))).toEqual({ status: "unreadable" });
    expect((await confirmTwoFactor(db, { orgId: org.id, adminId: admin.id }, "123456")).ok).toBe(
      false,
    );
  });
});

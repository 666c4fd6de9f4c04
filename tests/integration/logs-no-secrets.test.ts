import { formatWithOptions } from "node:util";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";

/**
 * R-SEC-SECRETS-VIEW: logs never hold passwords, hashes, tokens or keys. The whole auth flow runs
 * through the real actions, domain functions, next-auth handlers, management API route and
 * gateway with every console method and every write to stdout/stderr captured; afterwards the
 * captured text is searched for each secret the flow handled. Only the framework's request
 * context is stood in for: there is no Next cache to revalidate outside a request.
 */
vi.hoisted(() => {
  // Links in emails come from the configured public URL; there is no request to read a host from.
  process.env.APP_URL = "https://portal.example.test";
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

import { signupDeveloperAction } from "@/app/[org]/actions";
import { resetPasswordAction } from "@/app/[org]/reset/actions";
import { GET as listKeyRequestsRoute } from "@/app/api/v1/key-requests/route";
import type { DbHandle } from "@/db";
import { findDeveloperByEmail } from "@/db/queries/developers";
import type { Organisation } from "@/db/schema";
import type { ActionState } from "@/lib/actions/state";
import { withProblems } from "@/lib/api/problem";
import { handlers } from "@/lib/auth";
import { signUpDeveloper } from "@/lib/developers/signup";
import { requestPasswordReset } from "@/lib/developers/reset";
import { handleVerify } from "@/lib/gateway/http";
import { createApiToken } from "@/lib/gateway/tokens";
import { approveRequest } from "@/lib/keyrequests/decide";
import { requestKey } from "@/lib/keyrequests/request";
import { issueKey } from "@/lib/keys/issue";
import { describeEachDb, makeAdmin, makeOrg, randomHex } from "../helpers/db";
import { makeApi, makePolicy, testGateway } from "../helpers/gateway-fixtures";
import { form, isRedirect } from "../helpers/hostile-input";
import { emailsTo, keysIn, makeEntry, onlyEmail, tokenFromLink } from "../helpers/portal-fixtures";

const captured: string[] = [];
const restore: Array<() => void> = [];

function capture() {
  for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    const spy = vi
      .spyOn(console, level)
      .mockImplementation(
        (...args: unknown[]) => void captured.push(formatWithOptions({ depth: 10 }, ...args)),
      );
    restore.push(() => spy.mockRestore());
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(
        typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(),
      );
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = original));
  }
}

const initial: ActionState = { ok: false };
const ORIGIN = "https://portal.example.test";

/** Cookies of one browser, carried between next-auth calls. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    take(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const eq = pair?.indexOf("=") ?? -1;
        if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    },
    get: (name: string) => [...jar].find(([k]) => k.includes(name))?.[1] ?? null,
  };
}

/** Logs in through next-auth's own route handlers (CSRF token, credentials callback). */
async function logIn(org: Organisation, email: string, password: string) {
  const jar = cookieJar();
  const csrfRes = await handlers.GET(
    new Request(`${ORIGIN}/api/auth/csrf`) as Parameters<typeof handlers.GET>[0],
  );
  jar.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await handlers.POST(
    new Request(`${ORIGIN}/api/auth/callback/developer`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: jar.header(),
        origin: ORIGIN,
      },
      body: new URLSearchParams({
        csrfToken,
        org: org.slug,
        email,
        password,
        callbackUrl: `${ORIGIN}/${org.slug}/dashboard`,
      }),
    }) as Parameters<typeof handlers.POST>[0],
  );
  jar.take(res);
  return { location: res.headers.get("location") ?? "", session: jar.get("session-token") };
}

describeEachDb("R-SEC-SECRETS-VIEW: logs hold no secret", (getDb, target) => {
  beforeAll(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
  });
  beforeEach(() => {
    captured.length = 0;
    capture();
  });
  afterAll(() => {
    for (const undo of restore.splice(0)) undo();
  });

  it("R-SEC-SECRETS-VIEW: signup, failed and good logins, password reset, key issue and approval, gateway and management tokens: nothing secret is logged", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const admin = await makeAdmin(db, org.id);
    const email = `logs.${randomHex()}@example.test`;
    const password = `Pw-${randomHex(8)}-secret`;
    const newPassword = `Pw-${randomHex(8)}-renewed`;
    const secrets: string[] = [password, newPassword];

    // 1. Signup with a NUL in the name: refused by the form's schema, nothing stored.
    const refused = await signupDeveloperAction(
      initial,
      form({ org: org.slug, name: "Mal\u0000lory", email, password }),
    );
    expect(refused.ok).toBe(false);
    expect(refused.fieldErrors?.name?.[0]).toMatch(/control characters/);
    expect(await findDeveloperByEmail(db, org.id, email)).toBeNull();

    // 2. The same NUL past the schema: the database refuses it, and the error is logged the way
    // Next logs an action that throws (console.error of the error itself).
    const direct = await signUpDeveloper(
      db,
      org,
      { email, password, name: "Mal\u0000lory", customFields: {} },
      `${ORIGIN}/${org.slug}`,
    ).catch((err: unknown) => err);
    expect(direct).toBeInstanceOf(Error);
    console.error(direct);
    expect(captured.join("\n")).toMatch(/Failed query: insert into "developers"/);

    // 3. A real signup (the action redirects to the login page when it is done).
    await expect(
      signupDeveloperAction(initial, form({ org: org.slug, name: "Logan", email, password })),
    ).rejects.toSatisfy(isRedirect);
    const dev = await findDeveloperByEmail(db, org.id, email);
    expect(dev?.passwordHash).toMatch(/^scrypt\$/);
    secrets.push(dev?.passwordHash ?? "scrypt$");

    // 4. A failed and a good login through next-auth's handlers.
    const failed = await logIn(org, email, "not-the-password");
    expect(failed.location).toMatch(/error=CredentialsSignin/);
    const good = await logIn(org, email, password);
    expect(good.session).toBeTruthy();
    secrets.push(good.session ?? "");

    // 5. Password reset: request (emailed link), then a new password through the action.
    expect(await requestPasswordReset(db, org, email, `${ORIGIN}/${org.slug}`)).toMatchObject({
      ok: true,
    });
    const resetMail = await onlyEmail(db, org.id, email, "passwordReset");
    const resetToken = tokenFromLink(resetMail.text, `${ORIGIN}/${org.slug}/reset`);
    secrets.push(resetToken);
    await expect(
      resetPasswordAction(
        initial,
        form({ org: org.slug, token: resetToken, password: newPassword, confirm: newPassword }),
      ),
    ).rejects.toSatisfy(isRedirect);
    expect((await logIn(org, email, newPassword)).session).toBeTruthy();

    // 6. A key issued by an admin, and one approved from a key request and emailed.
    const devRow = await findDeveloperByEmail(db, org.id, email);
    if (!devRow) throw new Error("developer vanished");
    const { entry, policy } = await makeEntry(db, org.id);
    const issued = await issueKey(
      db,
      org.id,
      { developerId: devRow.id, policyIds: [policy.id] },
      { actorType: "admin", actorId: admin.id },
    );
    if (!issued.ok) throw new Error(issued.message);
    secrets.push(issued.value.key);
    const requested = await requestKey(db, org, devRow, entry, {});
    if (!requested.ok || requested.value.kind !== "pending")
      throw new Error(`unexpected ${requested.ok ? requested.value.kind : requested.message}`);
    const approved = await approveRequest(
      db,
      org,
      requested.value.requestId,
      { actorType: "admin", actorId: admin.id },
      `${ORIGIN}/${org.slug}`,
    );
    expect(approved).toMatchObject({ ok: true, value: { delivery: "email" } });
    const [emailedKey] = keysIn((await onlyEmail(db, org.id, email, "keyApproved")).text);
    expect(emailedKey).toMatch(/^gh_/);
    secrets.push(emailedKey ?? "gh_");

    // 7. Gateway and management tokens in use; a management API failure on the way.
    const api = await makeApi(db, org.id, `w-${randomHex(3)}`, "/w/");
    await makePolicy(db, org.id, { access: [{ apiId: api.id }] });
    const gw = await createApiToken(db, org.id, admin.id, { kind: "gateway", name: "edge" });
    const gm = await createApiToken(db, org.id, admin.id, { kind: "management", name: "ci" });
    secrets.push(gw.token, gm.token);
    const gateway = testGateway(db);
    const verified = await handleVerify(
      gateway,
      (name) => (name === "x-gatehouse-gateway-token" ? gw.token : null),
      JSON.stringify({ key: issued.value.key, path: "/w/x" }),
    );
    expect(verified.status).toBe(200);
    await gateway.close();
    const listed = await listKeyRequestsRoute(
      new Request(`${ORIGIN}/api/v1/key-requests`, {
        headers: { authorization: `Bearer ${gm.token}` },
      }),
    );
    expect(listed.status).toBe(200);
    const failing = withProblems(async () => {
      throw Object.assign(new Error("upstream failed"), {
        request: { authorization: `Bearer ${gm.token}` },
        cause: new Error(`while checking ${issued.value.key}`),
      });
    });
    expect((await failing()).status).toBe(500);

    // Every message and write of the whole flow, searched for every secret it handled.
    const log = captured.join("\n");
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(log.includes(secret), `a secret (${secret.slice(0, 6)}…) was logged`).toBe(false);
    }
    expect(log).not.toMatch(/scrypt\$/);
    expect(log).not.toMatch(/\bg[hwm]_[1-9A-HJ-NP-Za-km-z]{12,}/);
    expect(log.includes(email), "the email in a failed query's parameters").toBe(false);
    expect(log).toMatch(/\[auth\] login refused \(CredentialsSignin\)/);
    expect(log).toMatch(/management API error: Error: upstream failed/);
    // A failed login is one line, without a stack; next-auth's own error output never appears.
    expect(log).not.toMatch(/CredentialsSignin[^\n]*\n\s+at /);
    expect(log).not.toMatch(/\[auth\]\[(error|cause|details)\]/);
    expect((await emailsTo(db, org.id, email)).length).toBeGreaterThan(0);
  }, 120_000); // about ten scrypt hashes and checks on a shared two-core machine
});

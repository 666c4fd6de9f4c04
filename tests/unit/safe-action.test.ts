import { isRedirectError } from "next/dist/client/components/redirect-error";
import { redirect } from "next/navigation";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

/**
 * The action wrappers every form goes through (lib/actions/safe-action.ts): which values are
 * echoed back, the role gate, and what an unexpected failure becomes. The session is stood in
 * for (getAdminContext answers with the admin a login would have made); nothing else is.
 */
const session = vi.hoisted(() => ({ ctx: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth/guards", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/guards")>()),
  getAdminContext: async () => session.ctx,
}));

import { adminAction, publicAction, UNEXPECTED_ERROR } from "@/lib/actions/safe-action";
import type { ActionState } from "@/lib/actions/state";

const initial: ActionState = { ok: false };
function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

function adminAs(role: "owner" | "admin" | "viewer", requireTwoFactor = false) {
  session.ctx = {
    admin: { id: "adm_1", role, totpEnabledAt: null },
    org: { id: "org_1", requireAdminTwoFactor: requireTwoFactor },
    orgId: "org_1",
    sessionId: "ses_1",
  };
}

const TYPED = {
  email: "ada@example.com",
  tokenName: "CI",
  password: "hunter2-hunter2",
  currentPassword: "old-one-old-one",
  newPassword: "new-one-new-one",
  confirm: "new-one-new-one",
  token: "link-token",
  secret: "whsec_x",
};
const SECRETS = ["password", "currentPassword", "newPassword", "confirm", "token", "secret"];

describe("safe-action: the wrappers of every server action", () => {
  beforeEach(() => {
    session.ctx = null;
    vi.restoreAllMocks();
  });

  it("R-SEC-SECRETS-VIEW: a refused form echoes what was typed except secret fields (passwords, confirm, token, secret)", async () => {
    const action = publicAction(z.object({ email: z.email() }), async () => ({
      ok: false,
      message: "refused",
    }));
    const state = await action(initial, form(TYPED));
    expect(state.values).toEqual({ email: TYPED.email, tokenName: TYPED.tokenName });
    // Field errors too: the invalid email comes back, the secrets do not.
    const invalid = await action(initial, form({ ...TYPED, email: "not-an-email" }));
    expect(invalid.fieldErrors?.email).toHaveLength(1);
    expect(Object.keys(invalid.values ?? {}).filter((k) => SECRETS.includes(k))).toEqual([]);
    expect(invalid.values?.email).toBe("not-an-email");
  });

  it("R-SEC-ADMINS: the role gate refuses a lower role before the handler runs; no session is refused too", async () => {
    const handler = vi.fn(async () => ({ ok: true, message: "done" }));
    const action = adminAction(z.object({}), handler, { role: "owner" });
    expect(await action(initial, form({ email: "x@example.com" }))).toMatchObject({
      ok: false,
      message: "Your session has ended. Log in again.",
      values: { email: "x@example.com" },
    });
    for (const role of ["viewer", "admin"] as const) {
      adminAs(role);
      expect(await action(initial, form({}))).toMatchObject({
        ok: false,
        message: `Your role (${role}) cannot make this change.`,
      });
    }
    adminAs("owner", true);
    expect(await action(initial, form({}))).toMatchObject({
      ok: false,
      message: "Your organisation requires two-factor authentication: set it up first.",
    });
    expect(handler).not.toHaveBeenCalled();
    adminAs("owner");
    expect(await action(initial, form({}))).toEqual({ ok: true, message: "done" });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("R-SEC-BAD-INPUT: an unexpected failure becomes a generic form error that keeps the typed values (not the secrets) and is logged without them", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const action = publicAction(z.object({ email: z.string() }), async () => {
      throw new Error("connection reset by peer");
    });
    const state = await action(initial, form(TYPED));
    expect(state).toEqual({
      ok: false,
      message: UNEXPECTED_ERROR,
      values: { email: TYPED.email, tokenName: TYPED.tokenName },
    });
    expect(logged).toHaveBeenCalledTimes(1);
    const printed = JSON.stringify(logged.mock.calls, (_k, v: unknown) =>
      v instanceof Error ? v.message : v,
    );
    expect(printed).toContain("connection reset by peer");
    for (const key of SECRETS) expect(printed).not.toContain(TYPED[key as keyof typeof TYPED]);
  });

  it("R-SEC-BAD-INPUT: Next's redirect() from a handler still redirects (it is not turned into an error)", async () => {
    const action = publicAction(z.object({}), async () => redirect("/admin/login?passwordSet=1"));
    const thrown = await action(initial, form({})).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isRedirectError(thrown)).toBe(true);
  });
});

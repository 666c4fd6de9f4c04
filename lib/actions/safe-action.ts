import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import type { Organisation } from "@/db/schema";
import {
  type AdminContext,
  type AdminRole,
  type DeveloperContext,
  getAdminContext,
  getDeveloperContext,
  mustSetUpTwoFactor,
  roleAllows,
} from "@/lib/auth/guards";
import { isPortalSlug } from "@/lib/validation/ids";
import type { ActionState } from "./state";

type FormValues = Record<string, string | string[]>;

/** FormData → plain object; repeated names become arrays; Next's internal fields dropped. */
export function formToObject(formData: FormData): FormValues {
  const out: FormValues = {};
  for (const [name, value] of formData.entries()) {
    if (name.startsWith("$ACTION") || typeof value !== "string") continue;
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

// Field names that carry secrets: password, currentPassword, confirm, token, secret (not e.g. tokenName).
const SECRET_FIELD = /(^|[a-z])(password|Password)$|^confirm$|^token$|^secret$/;

/** Values echoed back to the form; secrets are never sent back to the browser. */
function echo(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET_FIELD.test(k)));
}

/** What a form shows when its action failed for a reason that is not the user's. */
export const UNEXPECTED_ERROR =
  "Something went wrong on our side. Try again in a moment; what you typed is still here.";

/** R-ORG-CREATE: a suspended organisation's portal takes no form and its console is read-only. */
export const PORTAL_SUSPENDED = "This portal is suspended.";
export const CONSOLE_SUSPENDED =
  "This organisation is suspended: the console is read-only until the install operator reactivates it.";

type Handler<S extends z.ZodType, C> = (input: z.output<S>, ctx: C) => Promise<ActionState | void>;

function run<S extends z.ZodType, C>(
  schema: S,
  handler: Handler<S, C>,
  ctx: C,
  values: FormValues,
) {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    return Promise.resolve<ActionState>({
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      values: echo(values),
    });
  }
  return handler(parsed.data, ctx).then(
    (r): ActionState => {
      const result = r ?? { ok: true };
      return result.ok ? result : { ...result, values: result.values ?? echo(values) };
    },
    (err: unknown): ActionState => {
      // Next's redirect() and notFound() are thrown on purpose: they go on.
      unstable_rethrow(err);
      // Query errors carry no bound values (db/query-errors.ts); the form's values are not logged.
      console.error("[action] failed unexpectedly:", err);
      return { ok: false, message: UNEXPECTED_ERROR, values: echo(values) };
    },
  );
}

/**
 * For public forms of one portal (signup, reset, invitation, verification): the organisation
 * comes from the form's `org` slug and may shape the schema (signup fields, password rules).
 */
export function portalAction<S extends z.ZodType>(
  schema: (org: Organisation) => S,
  handler: Handler<S, Organisation>,
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const values = formToObject(formData);
    // The slug's shape is checked before the lookup: a NUL or a 1 MB string is "no such portal".
    const org = isPortalSlug(values.org) ? await getOrganisationBySlug(getDb(), values.org) : null;
    if (!org) return { ok: false, message: "This portal does not exist." };
    if (org.suspendedAt) return { ok: false, message: PORTAL_SUSPENDED };
    return run(schema(org), handler, org, values);
  };
}

/** For forms anyone may submit (login, signup, setup, reset): zod only. */
export function publicAction<S extends z.ZodType>(schema: S, handler: Handler<S, null>) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> =>
    run(schema, handler, null, formToObject(formData));
}

/**
 * Every admin mutation: session (re-checked in the database) → role → zod → handler.
 * The handler gets the organisation from the session, never from the form. The schema may be
 * built from the session's organisation (custom fields, password rules).
 */
export function adminAction<S extends z.ZodType>(
  schema: S | ((ctx: AdminContext) => S),
  handler: Handler<S, AdminContext>,
  {
    role = "admin",
    beforeTwoFactor = false,
    whileSuspended = false,
  }: {
    role?: AdminRole;
    /** Allowed while the organisation's required two-factor is not set up (the set-up itself). */
    beforeTwoFactor?: boolean;
    /** Allowed in a suspended organisation (the install operator's own actions only). */
    whileSuspended?: boolean;
  } = {},
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const values = formToObject(formData);
    const ctx = await getAdminContext();
    if (!ctx)
      return { ok: false, message: "Your session has ended. Log in again.", values: echo(values) };
    if (!beforeTwoFactor && mustSetUpTwoFactor(ctx))
      return {
        ok: false,
        message: "Your organisation requires two-factor authentication: set it up first.",
        values: echo(values),
      };
    if (ctx.org.suspendedAt && !whileSuspended)
      return { ok: false, message: CONSOLE_SUSPENDED, values: echo(values) };
    if (!roleAllows(ctx.admin.role, role))
      return {
        ok: false,
        message: `Your role (${ctx.admin.role}) cannot make this change.`,
        values: echo(values),
      };
    return run(typeof schema === "function" ? schema(ctx) : schema, handler, ctx, values);
  };
}

/** Every developer mutation: the session must belong to the organisation of the portal (`org`). */
export function developerAction<S extends z.ZodType>(
  schema: S | ((ctx: DeveloperContext) => S),
  handler: Handler<S, DeveloperContext>,
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const values = formToObject(formData);
    const ctx = isPortalSlug(values.org) ? await getDeveloperContext(values.org) : null;
    if (!ctx)
      return { ok: false, message: "Your session has ended. Log in again.", values: echo(values) };
    return run(typeof schema === "function" ? schema(ctx) : schema, handler, ctx, values);
  };
}

"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import type { AdminContext } from "@/lib/auth/guards";
import { outcomeToState } from "@/lib/outcome";
import { createOrganisation, reactivateOrganisation, suspendOrganisation } from "@/lib/orgs/manage";
import { isOperator } from "@/lib/orgs/operator";
import {
  createOrganisationSchema,
  reactivateOrganisationSchema,
  suspendOrganisationSchema,
} from "@/lib/orgs/schemas";
import { appBaseUrl } from "@/lib/url";

/**
 * Console → Organisations (R-ORG-CREATE). These are public endpoints like every action: the
 * wrapper checks the session (any role: being the install operator is not a role of one
 * organisation) and the input, then each action checks the operator, and the domain
 * (lib/orgs/manage.ts) checks again. The operator may act while their own organisation
 * is suspended by another operator (whileSuspended).
 */
const PAGE = "/admin/organisations";
const opts = { role: "viewer", whileSuspended: true } as const;
const NOT_OPERATOR = { ok: false, message: "Only the install operator can manage organisations." };

const operator = async (ctx: AdminContext) => isOperator(getDb(), ctx.admin);
const actor = (ctx: AdminContext) => ({ admin: ctx.admin, org: ctx.org });

export const createOrganisationAction = adminAction(
  createOrganisationSchema,
  async (input, ctx) => {
    if (!(await operator(ctx))) return NOT_OPERATOR;
    const r = await createOrganisation(getDb(), actor(ctx), input, await appBaseUrl());
    if (r.ok) revalidatePath(PAGE);
    return outcomeToState(r);
  },
  opts,
);

export const suspendOrganisationAction = adminAction(
  suspendOrganisationSchema,
  async ({ orgId, reason }, ctx) => {
    if (!(await operator(ctx))) return NOT_OPERATOR;
    const r = await suspendOrganisation(getDb(), actor(ctx), orgId, reason);
    if (r.ok) revalidatePath(PAGE);
    return outcomeToState(r);
  },
  opts,
);

export const reactivateOrganisationAction = adminAction(
  reactivateOrganisationSchema,
  async ({ orgId }, ctx) => {
    if (!(await operator(ctx))) return NOT_OPERATOR;
    const r = await reactivateOrganisation(getDb(), actor(ctx), orgId);
    if (r.ok) revalidatePath(PAGE);
    return outcomeToState(r);
  },
  opts,
);

"use server";
import { setKeyIpRules } from "@/lib/keys/ip-rules";
import { ipRulesField } from "@/lib/validation/ip-rules";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import type { AdminContext } from "@/lib/auth/guards";
import {
  addDeveloper,
  editDeveloper,
  removeDeveloper,
  setDeveloperStatus,
} from "@/lib/developers/admin";
import { formatDateTime } from "@/components/ui/format";
import { rollKeyFields } from "@/lib/keys/grace";
import { changeKeyPolicies, issueKey, revokeKey } from "@/lib/keys/issue";
import { rollKey } from "@/lib/keys/rotate";
import { adminActor, outcomeToState } from "@/lib/outcome";
import { appBaseUrl } from "@/lib/url";
import { idField } from "@/lib/validation/ids";
import {
  addDeveloperSchema,
  editDeveloperSchema,
  keyPoliciesSchema,
  optionalAlias,
} from "@/lib/validation/developers";

const actor = (ctx: AdminContext) => adminActor(ctx.admin.id);

export const addDeveloperAction = adminAction(
  (ctx) => addDeveloperSchema(ctx.org.minPasswordLength, ctx.org.signupFields),
  async (input, ctx) => {
    const r = await addDeveloper(getDb(), ctx.org, input, actor(ctx), await appBaseUrl());
    if (!r.ok) return outcomeToState(r);
    revalidatePath("/admin/developers");
    redirect(
      `/admin/developers/${r.value.developerId}?created=${r.value.invited ? "invited" : "1"}`,
    );
  },
);

export const editDeveloperAction = adminAction(
  (ctx) => editDeveloperSchema(ctx.org.signupFields),
  async ({ developerId, ...input }, ctx) => {
    const r = await editDeveloper(getDb(), ctx.orgId, developerId, input, actor(ctx));
    if (!r.ok) return outcomeToState(r);
    revalidatePath(`/admin/developers/${developerId}`);
    redirect(`/admin/developers/${developerId}?saved=1`);
  },
);

const developerRef = z.object({ developerId: idField("dev", "Developer not found.") });

export const setDeveloperStatusAction = adminAction(
  developerRef.extend({ status: z.enum(["active", "inactive"]) }),
  async ({ developerId, status }, ctx) => {
    const r = await setDeveloperStatus(getDb(), ctx.orgId, developerId, status, actor(ctx));
    if (r.ok) revalidatePath(`/admin/developers/${developerId}`);
    return outcomeToState(r);
  },
);

export const deleteDeveloperAction = adminAction(
  developerRef.extend({ confirm: z.literal("delete", "Type delete to confirm.") }),
  async ({ developerId }, ctx) => {
    const r = await removeDeveloper(getDb(), ctx.orgId, developerId, actor(ctx));
    if (!r.ok) return outcomeToState(r);
    revalidatePath("/admin/developers");
    redirect("/admin/developers?deleted=1");
  },
);

export const newKeyAction = adminAction(
  developerRef.extend({ alias: optionalAlias }).and(keyPoliciesSchema),
  async ({ developerId, policyIds, alias }, ctx) => {
    const r = await issueKey(getDb(), ctx.orgId, { developerId, policyIds, alias }, actor(ctx));
    if (!r.ok) return outcomeToState(r);
    revalidatePath(`/admin/developers/${developerId}`);
    return { ok: true, message: r.message, data: { key: r.value.key, keyId: r.value.keyId } };
  },
);

const keyRef = developerRef.extend({ keyId: idField("key", "Key not found.") });

export const changeKeyPolicyAction = adminAction(
  keyRef.and(keyPoliciesSchema),
  async ({ developerId, keyId, policyIds }, ctx) => {
    const r = await changeKeyPolicies(getDb(), ctx.orgId, keyId, policyIds, actor(ctx));
    if (r.ok) revalidatePath(`/admin/developers/${developerId}`);
    return outcomeToState(r);
  },
);

export const revokeKeyAction = adminAction(keyRef, async ({ developerId, keyId }, ctx) => {
  const r = await revokeKey(getDb(), ctx.orgId, keyId, actor(ctx));
  if (r.ok) revalidatePath(`/admin/developers/${developerId}`);
  return outcomeToState(r);
});

/** Options → Roll key (R-KEY-ROTATE): the new key is shown once in the dialog. */
export const rollKeyAction = adminAction(
  keyRef.extend(rollKeyFields),
  async ({ developerId, keyId, graceSeconds }, ctx) => {
    const r = await rollKey(getDb(), ctx.orgId, keyId, { graceSeconds, developerId }, actor(ctx));
    if (!r.ok) return outcomeToState(r);
    revalidatePath(`/admin/developers/${developerId}`);
    const until = r.value.previousValidUntil ? formatDateTime(r.value.previousValidUntil) : "";
    return {
      ok: true,
      // The dates of the page's own format (the domain's message carries an ISO time).
      message: until ? `Key rolled. The old key works until ${until}.` : r.message,
      data: { key: r.value.key, keyId, previousUntil: until },
    };
  },
);

/** Options → IP rules (R-KEY-IP-ALLOW): the addresses the key may be used from. */
export const setKeyIpRulesAction = adminAction(
  keyRef.extend({ allowedIps: ipRulesField }),
  async ({ developerId, keyId, allowedIps }, ctx) => {
    // developerId: a key of another developer (or organisation) is "not found".
    const r = await setKeyIpRules(getDb(), ctx.orgId, keyId, allowedIps, actor(ctx), {
      developerId,
    });
    if (r.ok) revalidatePath(`/admin/developers/${developerId}`);
    return outcomeToState(r);
  },
);

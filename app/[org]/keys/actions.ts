"use server";
import { setKeyIpRules } from "@/lib/keys/ip-rules";
import { ipRulesField } from "@/lib/validation/ip-rules";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { getKeyView } from "@/db/queries/keys";
import { developerAction } from "@/lib/actions/safe-action";
import { formatDateTime } from "@/components/ui/format";
import { rollKeyFields } from "@/lib/keys/grace";
import { revokeKey } from "@/lib/keys/issue";
import { rollKey } from "@/lib/keys/rotate";
import { developerActor, outcomeToState } from "@/lib/outcome";
import { idField } from "@/lib/validation/ids";

/** A developer revokes one of their own keys. */
export const revokeOwnKeyAction = developerAction(
  z.object({ org: z.string(), keyId: idField("key", "Key not found.") }),
  async ({ keyId }, ctx) => {
    const db = getDb();
    const key = await getKeyView(db, ctx.orgId, keyId);
    // Someone else's key (even of this organisation) is "not found" to this developer.
    if (!key || key.developerId !== ctx.developer.id)
      return { ok: false, message: "Key not found." };
    const r = await revokeKey(db, ctx.orgId, keyId, developerActor(ctx.developer.id));
    if (r.ok) {
      revalidatePath(`/${ctx.org.slug}/keys`);
      revalidatePath(`/${ctx.org.slug}/dashboard`);
    }
    return outcomeToState(r);
  },
);

/** A developer rolls one of their own keys (R-KEY-ROTATE); the new key is shown once. */
export const rollOwnKeyAction = developerAction(
  z.object({ org: z.string(), keyId: idField("key", "Key not found."), ...rollKeyFields }),
  async ({ keyId, graceSeconds }, ctx) => {
    // developerId: someone else's key (even of this organisation) is "not found" to this developer.
    const r = await rollKey(
      getDb(),
      ctx.orgId,
      keyId,
      { graceSeconds, developerId: ctx.developer.id },
      developerActor(ctx.developer.id),
    );
    if (!r.ok) return outcomeToState(r);
    revalidatePath(`/${ctx.org.slug}/keys`);
    revalidatePath(`/${ctx.org.slug}/dashboard`);
    const until = r.value.previousValidUntil ? formatDateTime(r.value.previousValidUntil) : "";
    return {
      ok: true,
      // The dates of the page's own format (the domain's message carries an ISO time).
      message: until ? `Key rolled. The old key works until ${until}.` : r.message,
      data: { key: r.value.key, keyId, previousUntil: until },
    };
  },
);

/** A developer limits one of their own keys to addresses or ranges (R-KEY-IP-ALLOW). */
export const setOwnKeyIpRulesAction = developerAction(
  z.object({ org: z.string(), keyId: idField("key", "Key not found."), allowedIps: ipRulesField }),
  async ({ keyId, allowedIps }, ctx) => {
    const r = await setKeyIpRules(
      getDb(),
      ctx.orgId,
      keyId,
      allowedIps,
      developerActor(ctx.developer.id),
      { developerId: ctx.developer.id },
    );
    if (r.ok) revalidatePath(`/${ctx.org.slug}/keys`);
    return outcomeToState(r);
  },
);

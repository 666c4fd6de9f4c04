import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { authTokens } from "../schema";

/**
 * Single-use links of admins (password reset, invitation). The admin pages have no organisation
 * in the URL (admin emails are unique per install, like the login), so following a link looks the
 * token up by its hash — unique and unguessable — and the row names the organisation. Issuing
 * and spending per subject stay scoped by the organisation.
 */
export type AdminLinkKind = "password_reset" | "invitation" | "email_change" | "security_alert";

export async function insertAdminLinkToken(
  db: Db | Tx,
  orgId: string,
  values: {
    kind: AdminLinkKind;
    adminId: string;
    tokenHash: string;
    expiresAt: Date;
    /** What the link is about (an email change's new address, an alert's address and reason). */
    data?: Record<string, string>;
  },
) {
  // Only the newest link of a kind works: earlier unused ones are spent.
  await spendAdminLinkTokens(db, orgId, values.adminId, values.kind);
  await db.insert(authTokens).values({
    orgId,
    kind: values.kind,
    subjectType: "admin",
    subjectId: values.adminId,
    tokenHash: values.tokenHash,
    expiresAt: values.expiresAt,
    data: values.data ?? {},
  });
}

/** Unused, unexpired admin links of a kind (and, given one, with that token hash). */
const valid = (kind: AdminLinkKind, tokenHash?: string) =>
  and(
    eq(authTokens.kind, kind),
    eq(authTokens.subjectType, "admin"),
    tokenHash === undefined ? undefined : eq(authTokens.tokenHash, tokenHash),
    isNull(authTokens.usedAt),
    gt(authTokens.expiresAt, new Date()),
  );

/** An unused, unexpired admin link (to show the form behind it), or null. */
export async function findAdminLinkToken(db: Db | Tx, kind: AdminLinkKind, tokenHash: string) {
  const [row] = await db.select().from(authTokens).where(valid(kind, tokenHash)).limit(1);
  return row ?? null;
}

/** Marks a valid admin link used and returns it; null otherwise. Atomic: a link works once. */
export async function consumeAdminLinkToken(db: Db | Tx, kind: AdminLinkKind, tokenHash: string) {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(valid(kind, tokenHash))
    .returning();
  return row ?? null;
}

/** Spends an admin's unused links (of one kind, or all): a removed admin's links die with them. */
export async function spendAdminLinkTokens(
  db: Db | Tx,
  orgId: string,
  adminId: string,
  kind?: AdminLinkKind,
) {
  await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.orgId, orgId),
        eq(authTokens.subjectType, "admin"),
        eq(authTokens.subjectId, adminId),
        kind ? eq(authTokens.kind, kind) : undefined,
        isNull(authTokens.usedAt),
      ),
    );
}

/** Unspent invitations of the organisation's admins, expired ones included (the team list says so). */
export async function pendingInvitations(db: Db, orgId: string) {
  return db
    .select({ adminId: authTokens.subjectId, expiresAt: authTokens.expiresAt })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.orgId, orgId),
        eq(authTokens.subjectType, "admin"),
        eq(authTokens.kind, "invitation"),
        isNull(authTokens.usedAt),
      ),
    );
}

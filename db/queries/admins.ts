import { and, asc, eq, gte, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { type AdminUser, adminUsers, auditLog, organisations } from "../schema";

/** Login only: admin emails are unique per install (the login page has no organisation). */
export async function findAdminByEmail(db: Db | Tx, email: string) {
  const [row] = await db
    .select()
    .from(adminUsers)
    .where(sql`lower(${adminUsers.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return row ?? null;
}

export async function getAdmin(db: Db | Tx, orgId: string, adminId: string) {
  const [row] = await db
    .select()
    .from(adminUsers)
    .where(and(eq(adminUsers.orgId, orgId), eq(adminUsers.id, adminId)))
    .limit(1);
  return row ?? null;
}

export async function insertAdmin(
  db: Db | Tx,
  orgId: string,
  values: {
    email: string;
    name: string;
    // Null for an invited admin until they accept the invitation.
    passwordHash: string | null;
    role: "owner" | "admin" | "viewer";
  },
) {
  const [row] = await db
    .insert(adminUsers)
    .values({ ...values, email: values.email.toLowerCase(), orgId })
    .returning();
  if (!row) throw new Error("admin insert returned nothing");
  return row;
}

export async function touchAdminLogin(db: Db, orgId: string, adminId: string) {
  await db
    .update(adminUsers)
    .set({ lastLoginAt: new Date() })
    .where(and(eq(adminUsers.orgId, orgId), eq(adminUsers.id, adminId)));
}

/** The team of an organisation, oldest first (the first owner at the top). */
export async function listAdmins(db: Db, orgId: string) {
  return db
    .select()
    .from(adminUsers)
    .where(eq(adminUsers.orgId, orgId))
    .orderBy(asc(adminUsers.createdAt), asc(adminUsers.id));
}

/** An invited admin (no password yet); null when the email already belongs to an admin (install-wide). */
export async function insertInvitedAdmin(
  db: Db | Tx,
  orgId: string,
  values: { email: string; role: "owner" | "admin" | "viewer" },
) {
  const [row] = await db
    .insert(adminUsers)
    .values({ orgId, email: values.email.toLowerCase(), role: values.role, passwordHash: null })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export type AdminPatch = Partial<
  Pick<
    AdminUser,
    | "name"
    | "email"
    | "passwordHash"
    | "role"
    | "status"
    | "totpSecret"
    | "totpEnabledAt"
    | "recoveryCodeHashes"
  >
> & { bumpSession?: boolean };

/** Updates an admin of the organisation; `bumpSession` ends their existing sessions. Null if not found. */
export async function updateAdmin(db: Db | Tx, orgId: string, adminId: string, patch: AdminPatch) {
  const { bumpSession, ...fields } = patch;
  const [row] = await db
    .update(adminUsers)
    .set({
      ...fields,
      ...(bumpSession ? { sessionVersion: sql`${adminUsers.sessionVersion} + 1` } : {}),
    })
    .where(and(eq(adminUsers.orgId, orgId), eq(adminUsers.id, adminId)))
    .returning();
  return row ?? null;
}

export async function deleteAdmin(db: Db | Tx, orgId: string, adminId: string) {
  const [row] = await db
    .delete(adminUsers)
    .where(and(eq(adminUsers.orgId, orgId), eq(adminUsers.id, adminId)))
    .returning();
  return row ?? null;
}

/**
 * The ids of the organisation's active owners (accepted, not disabled), locked until the
 * transaction ends: two owners demoting each other at once cannot both pass the last-owner check.
 */
export async function lockActiveOwners(tx: Tx, orgId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: adminUsers.id })
    .from(adminUsers)
    .where(
      and(
        eq(adminUsers.orgId, orgId),
        eq(adminUsers.role, "owner"),
        eq(adminUsers.status, "active"),
        isNotNull(adminUsers.passwordHash),
      ),
    )
    .for("update");
  return rows.map((r) => r.id);
}

/**
 * Compare-and-swap of the stored TOTP secret (which carries the last used time step): of two
 * logins with the same code, only the one that swaps first succeeds.
 */
export async function swapTotpSecret(
  db: Db | Tx,
  orgId: string,
  adminId: string,
  expected: string,
  next: string,
): Promise<boolean> {
  const rows = await db
    .update(adminUsers)
    .set({ totpSecret: next })
    .where(
      and(
        eq(adminUsers.orgId, orgId),
        eq(adminUsers.id, adminId),
        eq(adminUsers.totpSecret, expected),
      ),
    )
    .returning({ id: adminUsers.id });
  return rows.length === 1;
}

/** Removes one recovery code hash if present; true when it was there (atomic: a code works once). */
export async function spendRecoveryCode(
  db: Db | Tx,
  orgId: string,
  adminId: string,
  hash: string,
): Promise<boolean> {
  const rows = await db
    .update(adminUsers)
    .set({ recoveryCodeHashes: sql`${adminUsers.recoveryCodeHashes} - ${hash}::text` })
    .where(
      and(
        eq(adminUsers.orgId, orgId),
        eq(adminUsers.id, adminId),
        sql`${adminUsers.recoveryCodeHashes} @> ${JSON.stringify([hash])}::jsonb`,
      ),
    )
    .returning({ id: adminUsers.id });
  return rows.length === 1;
}

/** Failed second-factor attempts of an admin since a time (they are in the audit log anyway). */
export async function countFailedCodeAttempts(
  db: Db,
  orgId: string,
  adminId: string,
  since: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        eq(auditLog.targetType, "admin"),
        eq(auditLog.targetId, adminId),
        eq(auditLog.action, "admin.login_failed"),
        sql`${auditLog.data}->>'reason' = 'code'`,
        gte(auditLog.createdAt, since),
      ),
    );
  return row?.n ?? 0;
}

/** The owners' "Require two-factor for all admins" switch (the organisation row is the tenancy root). */
export async function updateRequireAdminTwoFactor(db: Db | Tx, orgId: string, value: boolean) {
  const [row] = await db
    .update(organisations)
    .set({ requireAdminTwoFactor: value })
    .where(eq(organisations.id, orgId))
    .returning();
  return row ?? null;
}

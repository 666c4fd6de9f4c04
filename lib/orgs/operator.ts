import type { Db, Tx } from "@/db";
import { firstAdminId } from "@/db/queries/operator";
import type { AdminUser } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * R-ORG-CREATE: the install operator may create, list, suspend and reactivate organisations.
 * Operators are the install's first owner (the admin /setup created, while still an owner) and
 * any admin whose email is in GATEHOUSE_OPERATOR_EMAILS. Either way the account must be active
 * and have joined (a password set): an invitation alone is no operator.
 */
export async function isOperator(
  db: Db | Tx,
  admin: Pick<AdminUser, "id" | "email" | "role" | "status" | "passwordHash">,
  operatorEmails: readonly string[] = env().GATEHOUSE_OPERATOR_EMAILS,
): Promise<boolean> {
  if (admin.status !== "active" || !admin.passwordHash) return false;
  if (operatorEmails.includes(admin.email.toLowerCase())) return true;
  return admin.role === "owner" && (await firstAdminId(db)) === admin.id;
}

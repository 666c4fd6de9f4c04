import type { Db, Tx } from "../index";
import { auditLog } from "../schema";

export type AuditEntry = {
  actorType: "admin" | "developer" | "api_token" | "system";
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  ip?: string | null;
};

export async function insertAudit(db: Db | Tx, orgId: string, entry: AuditEntry) {
  await db.insert(auditLog).values({ ...entry, orgId });
}

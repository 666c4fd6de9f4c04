import { and, count, desc, eq, like } from "drizzle-orm";
import type { Db } from "../index";
import { escapeLike } from "./like";
import { auditLog } from "../schema";

/** Audit page (R-AUDIT): newest first, filtered by action prefix, actor type and target. */
export async function listAudit(
  db: Db,
  orgId: string,
  f: {
    action?: string;
    actorType?: "admin" | "developer" | "api_token" | "system";
    targetId?: string;
    page?: number;
    pageSize?: number;
  },
) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  const where = and(
    eq(auditLog.orgId, orgId),
    f.action ? like(auditLog.action, `${escapeLike(f.action)}%`) : undefined,
    f.actorType ? eq(auditLog.actorType, f.actorType) : undefined,
    f.targetId ? eq(auditLog.targetId, f.targetId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

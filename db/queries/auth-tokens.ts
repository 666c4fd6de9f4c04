import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { authTokens } from "../schema";

type Kind = (typeof authTokens.$inferInsert)["kind"];

export async function insertAuthToken(
  db: Db | Tx,
  orgId: string,
  values: {
    kind: Kind;
    subjectId: string;
    tokenHash: string;
    expiresAt: Date;
    data?: Record<string, string>;
  },
  { supersede = true }: { supersede?: boolean } = {},
) {
  // Only the newest link of a kind works (reset, invitation, verification): earlier unused ones are spent.
  if (supersede)
    await db
      .update(authTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(authTokens.orgId, orgId),
          eq(authTokens.subjectId, values.subjectId),
          eq(authTokens.kind, values.kind),
          isNull(authTokens.usedAt),
        ),
      );
  await db.insert(authTokens).values({ ...values, orgId });
}

/** Marks a valid (unused, unexpired) token used and returns it; null otherwise. Atomic: a link works once. */
export async function consumeAuthToken(db: Db | Tx, orgId: string, kind: Kind, tokenHash: string) {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.orgId, orgId),
        eq(authTokens.kind, kind),
        eq(authTokens.tokenHash, tokenHash),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .returning();
  return row ?? null;
}

/** Checks a token without spending it (to show the form behind a link). */
export async function peekAuthToken(db: Db | Tx, orgId: string, kind: Kind, tokenHash: string) {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(
      and(
        eq(authTokens.orgId, orgId),
        eq(authTokens.kind, kind),
        eq(authTokens.tokenHash, tokenHash),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return row ?? null;
}

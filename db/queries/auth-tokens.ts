import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { authTokens } from "../schema";

/** A link that still works: not yet used, not yet expired. */
const isLive = () => and(isNull(authTokens.usedAt), gt(authTokens.expiresAt, new Date()));

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
        isLive(),
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
        isLive(),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The newest usable (unused, unexpired) token of a kind for a subject: e.g. a pending email change. */
export async function newestLiveAuthToken(
  db: Db | Tx,
  orgId: string,
  subjectId: string,
  kind: Kind,
) {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(
      and(
        eq(authTokens.orgId, orgId),
        eq(authTokens.subjectId, subjectId),
        eq(authTokens.kind, kind),
        isLive(),
      ),
    )
    .orderBy(desc(authTokens.createdAt))
    .limit(1);
  return row ?? null;
}

/** Spends every unused token of a kind for a subject (cancel a pending change); returns how many. */
export async function spendAuthTokensOf(db: Db | Tx, orgId: string, subjectId: string, kind: Kind) {
  const rows = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.orgId, orgId),
        eq(authTokens.subjectId, subjectId),
        eq(authTokens.kind, kind),
        isNull(authTokens.usedAt),
      ),
    )
    .returning({ id: authTokens.id });
  return rows.length;
}

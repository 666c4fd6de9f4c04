import { eq } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { type Organisation, organisations } from "../schema";

export type PortalSettings = Pick<
  Organisation,
  | "signupFields"
  | "minPasswordLength"
  | "requireEmailVerification"
  | "keyRequestMode"
  | "keyRequestRedirectUrl"
  | "secureKeyApproval"
  | "emailFrom"
  | "quotaAlertThresholds"
>;

const columns = {
  signupFields: organisations.signupFields,
  minPasswordLength: organisations.minPasswordLength,
  requireEmailVerification: organisations.requireEmailVerification,
  keyRequestMode: organisations.keyRequestMode,
  keyRequestRedirectUrl: organisations.keyRequestRedirectUrl,
  secureKeyApproval: organisations.secureKeyApproval,
  emailFrom: organisations.emailFrom,
  quotaAlertThresholds: organisations.quotaAlertThresholds,
};

// The organisation row is the tenancy root: scoping by orgId is scoping by its primary key.

export async function getPortalSettings(
  db: Db | Tx,
  orgId: string,
): Promise<PortalSettings | null> {
  const [row] = await db
    .select(columns)
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .limit(1);
  return row ?? null;
}

export async function updatePortalSettings(
  db: Db | Tx,
  orgId: string,
  values: PortalSettings,
): Promise<PortalSettings | null> {
  const [row] = await db
    .update(organisations)
    .set(values)
    .where(eq(organisations.id, orgId))
    .returning(columns);
  return row ?? null;
}

import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { getEmail, listEmails } from "@/db/queries/outbox";
import { getOrganisation } from "@/db/queries/organisations";
import * as s from "@/db/schema";
import { randomHex } from "./db";
import { makeApi, makePolicy } from "./dev-fixtures";

/**
 * Factories and readers for the developer-portal and key-request tests.
 * Emails are always read back from the outbox (R-MAILBOX), never mocked.
 */

export const PORTAL_BASE = "https://portal.example.test";
export const portalUrlOf = (org: { slug: string }) => `${PORTAL_BASE}/${org.slug}`;

/** Changes organisation settings in the database and returns the fresh row. */
export async function setOrgSettings(
  db: Db,
  orgId: string,
  patch: Partial<Omit<s.Organisation, "id">>,
): Promise<s.Organisation> {
  await db.update(s.organisations).set(patch).where(eq(s.organisations.id, orgId));
  const org = await getOrganisation(db, orgId);
  if (!org) throw new Error("organisation vanished");
  return org;
}

type EntryOptions = {
  name?: string;
  slug?: string;
  approvalMode?: s.CatalogEntry["approvalMode"];
  reasonFields?: s.FieldDefinition[];
  visibility?: "public" | "hidden";
  policy?: s.Policy;
};

/** A catalog entry (with its own policy and API unless one is given). */
export async function makeEntry(
  db: Db,
  orgId: string,
  options: EntryOptions = {},
): Promise<{ entry: s.CatalogEntry; policy: s.Policy }> {
  let policy = options.policy;
  if (!policy) {
    const api = await makeApi(db, orgId);
    policy = await makePolicy(
      db,
      orgId,
      {
        name: `Policy ${randomHex(3)}`,
        rate: 10,
        per: 60,
        quotaMax: 1000,
        quotaRenewalSeconds: 86400,
      },
      [{ apiId: api.id }],
    );
  }
  const [entry] = await db
    .insert(s.catalogEntries)
    .values({
      orgId,
      policyId: policy.id,
      name: options.name ?? `Entry ${randomHex(3)}`,
      slug: options.slug ?? `entry-${randomHex(4)}`,
      approvalMode: options.approvalMode ?? null,
      reasonFields: options.reasonFields ?? [],
      visibility: options.visibility ?? "public",
    })
    .returning();
  if (!entry) throw new Error("makeEntry: insert returned nothing");
  return { entry, policy };
}

/** Every email of the organisation, oldest first, with bodies. */
export async function emailsOf(db: Db, orgId: string): Promise<s.EmailOutboxRow[]> {
  const { rows } = await listEmails(db, orgId, { pageSize: 100 });
  const full = await Promise.all(rows.map((r) => getEmail(db, orgId, r.id)));
  return full.filter((r): r is s.EmailOutboxRow => r !== null).reverse();
}

/** The emails of one template sent to one address, oldest first. */
export async function emailsTo(
  db: Db,
  orgId: string,
  to: string,
  template?: string,
): Promise<s.EmailOutboxRow[]> {
  return (await emailsOf(db, orgId)).filter(
    (e) => e.to === to.toLowerCase() && (!template || e.template === template),
  );
}

/** The only email of a template to an address (fails when there is none or several). */
export async function onlyEmail(
  db: Db,
  orgId: string,
  to: string,
  template: string,
): Promise<s.EmailOutboxRow> {
  const found = await emailsTo(db, orgId, to, template);
  if (found.length !== 1)
    throw new Error(`expected one "${template}" email to ${to}, found ${found.length}`);
  return found[0] as s.EmailOutboxRow;
}

/** The token at the end of a `<base>/<path>/<token>` link in an email's plain text. */
export function tokenFromLink(text: string, linkPrefix: string): string {
  const escaped = linkPrefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`${escaped}/([A-Za-z0-9]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${linkPrefix}/<token> link in:\n${text}`);
  return m[1];
}

/** API keys (gh_…) appearing in a text. */
export function keysIn(text: string): string[] {
  return text.match(/\bgh_[1-9A-HJ-NP-Za-km-z]{20,}/g) ?? [];
}

export async function auditActions(
  db: Db,
  orgId: string,
  targetId: string,
): Promise<s.AuditLogRow[]> {
  return db
    .select()
    .from(s.auditLog)
    .where(and(eq(s.auditLog.orgId, orgId), eq(s.auditLog.targetId, targetId)))
    .orderBy(asc(s.auditLog.createdAt));
}

export async function keyRequestRow(db: Db, id: string): Promise<s.KeyRequest | null> {
  const [row] = await db.select().from(s.keyRequests).where(eq(s.keyRequests.id, id));
  return row ?? null;
}

export async function keysOfDeveloper(
  db: Db,
  orgId: string,
  developerId: string,
): Promise<s.Key[]> {
  return db
    .select()
    .from(s.keys)
    .where(and(eq(s.keys.orgId, orgId), eq(s.keys.developerId, developerId)))
    .orderBy(desc(s.keys.createdAt));
}

export async function developerRow(db: Db, id: string): Promise<s.Developer | null> {
  const [row] = await db.select().from(s.developers).where(eq(s.developers.id, id));
  return row ?? null;
}

export async function authTokensOf(
  db: Db,
  orgId: string,
  subjectId: string,
  kind: s.AuthToken["kind"],
): Promise<s.AuthToken[]> {
  return db
    .select()
    .from(s.authTokens)
    .where(
      and(
        eq(s.authTokens.orgId, orgId),
        eq(s.authTokens.subjectId, subjectId),
        eq(s.authTokens.kind, kind),
      ),
    )
    .orderBy(asc(s.authTokens.createdAt));
}

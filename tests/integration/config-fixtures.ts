import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import type { ApiValues } from "@/db/queries/apis";
import type { CatalogEntryValues } from "@/db/queries/catalog";
import * as s from "@/db/schema";
import { type Actor, adminActor } from "@/lib/outcome";
import { generateKey } from "@/lib/keys/format";
import type { PolicyInput } from "@/lib/validation/policies";
import { makeAdmin, makeDeveloper, randomHex } from "../helpers/db";

/** Factories for the configuration tests (APIs, policies, catalog, settings). */

export function apiValues(overrides: Partial<ApiValues> = {}): ApiValues {
  const id = randomHex(4);
  return {
    name: `API ${id}`,
    slug: `api-${id}`,
    listenPath: `/api-${id}/`,
    description: "",
    docsMarkdown: null,
    openapiUrl: null,
    upstreamUrl: null,
    authType: "key",
    ...overrides,
  };
}

export function policyInput(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    name: `Policy ${randomHex(3)}`,
    rate: 100,
    per: 60,
    quotaMax: 1000,
    quotaRenewalSeconds: 86400,
    keyExpiresInSeconds: null,
    isInactive: false,
    allowOauth: false,
    tags: [],
    access: [],
    ...overrides,
  };
}

export function entryValues(
  policyId: string,
  overrides: Partial<CatalogEntryValues> = {},
): CatalogEntryValues {
  const id = randomHex(4);
  return {
    policyId,
    name: `Entry ${id}`,
    slug: `entry-${id}`,
    shortDescription: "",
    longDescription: "",
    docsMarkdown: null,
    openapiUrl: null,
    visibility: "public",
    approvalMode: null,
    reasonFields: [],
    ...overrides,
  };
}

export async function makeActor(db: Db, orgId: string): Promise<Actor> {
  const admin = await makeAdmin(db, orgId);
  return adminActor(admin.id);
}

/** A key of a new developer carrying the given policies. */
export async function makeKeyWithPolicies(
  db: Db,
  orgId: string,
  policyIds: string[],
): Promise<s.Key> {
  const dev = await makeDeveloper(db, orgId);
  const k = generateKey();
  const [key] = await db
    .insert(s.keys)
    .values({ orgId, developerId: dev.id, hash: k.hash, start: k.start })
    .returning();
  if (!key) throw new Error("key insert returned nothing");
  if (policyIds.length)
    await db
      .insert(s.keyPolicies)
      .values(policyIds.map((policyId) => ({ orgId, keyId: key.id, policyId })));
  return key;
}

/** Audit actions written for one target, oldest first. */
export async function auditActions(db: Db, orgId: string, targetId: string): Promise<string[]> {
  const rows = await db
    .select({ action: s.auditLog.action })
    .from(s.auditLog)
    .where(and(eq(s.auditLog.orgId, orgId), eq(s.auditLog.targetId, targetId)))
    .orderBy(asc(s.auditLog.createdAt));
  return rows.map((r) => r.action);
}

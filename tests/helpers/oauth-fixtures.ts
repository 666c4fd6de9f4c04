import type { Db } from "@/db";
import type * as s from "@/db/schema";
import { requestKey } from "@/lib/keyrequests/request";
import { randomHex } from "./db";
import { makeApi, makePolicy } from "./dev-fixtures";
import { makeEntry } from "./portal-fixtures";

/**
 * An OAuth API (authType 'oauth') published by a catalog entry, as R-OAUTH-CLIENTS needs: a
 * request for the entry produces an OAuth client. `mode` overrides the organisation's.
 */
export async function makeOauthEntry(
  db: Db,
  orgId: string,
  {
    mode = "auto",
    policy: policyValues = {},
    extraApis = [],
  }: {
    mode?: s.CatalogEntry["approvalMode"];
    policy?: Partial<Omit<s.Policy, "id" | "orgId">>;
    extraApis?: s.Api[];
  } = {},
) {
  const slug = `ledger-${randomHex(3)}`;
  const api = await makeApi(db, orgId, { slug, listenPath: `/${slug}/`, authType: "oauth" });
  const policy = await makePolicy(db, orgId, { rate: 100, per: 60, ...policyValues }, [
    { apiId: api.id },
    ...extraApis.map((a) => ({ apiId: a.id })),
  ]);
  const { entry } = await makeEntry(db, orgId, { policy, approvalMode: mode });
  return { api, policy, entry };
}

/** A developer's client through an auto-approved request: its ids and the secret shown once. */
export async function makeClient(
  db: Db,
  org: s.Organisation,
  developer: s.Developer,
  entry: s.CatalogEntry,
) {
  const out = await requestKey(db, org, developer, entry, {});
  if (!out.ok || out.value.kind !== "client_issued")
    throw new Error(`makeClient: ${out.ok ? out.value.kind : out.message}`);
  return out.value;
}

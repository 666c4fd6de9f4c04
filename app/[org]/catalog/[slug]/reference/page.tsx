import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ScalarReference } from "@/components/docs/scalar-reference";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { apisOfPolicies, getPortalCatalogEntryBySlug } from "@/db/queries/catalog-public";
import { requirePortalOrg } from "@/lib/auth/guards";
import { fetchOpenApiOperations, openApiUrlOf } from "@/lib/docs/openapi";
import { isRecordSlug } from "@/lib/validation/ids";

type Params = Promise<{ org: string; slug: string }>;

async function load(params: Params) {
  const { org: orgSlug, slug } = await params;
  const org = await requirePortalOrg(orgSlug);
  const db = getDb();
  const entry = isRecordSlug(slug) ? await getPortalCatalogEntryBySlug(db, org.id, slug) : null;
  if (!entry) notFound();
  const apis = (await apisOfPolicies(db, org.id, [entry.policyId])).get(entry.policyId) ?? [];
  return { orgSlug, entry, url: openApiUrlOf(entry, apis) };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { entry } = await load(params);
  return { title: `${entry.name} API reference` };
}

/**
 * A catalog entry's interactive API reference (R-CATALOG, R-PORTAL-HOME): its OpenAPI document
 * (fetched through the guarded client, cached) in the same renderer as the console's management
 * API reference; "Test request" calls the API with the key the developer types.
 */
export default async function EntryReferencePage({ params }: { params: Params }) {
  const { orgSlug, entry, url } = await load(params);
  const doc = url ? await fetchOpenApiOperations(url) : null;
  return (
    <>
      <BackLink href={`/${orgSlug}/catalog/${entry.slug}`}>{entry.name}</BackLink>
      <PageHeader
        title={`${entry.name} API reference`}
        description="Every operation, its parameters and responses. Try a request with your key."
      />
      {!doc ? (
        <Alert>This entry has no OpenAPI document yet.</Alert>
      ) : !doc.ok ? (
        <Alert tone="error" title="OpenAPI document">
          {doc.error}
        </Alert>
      ) : (
        <div data-testid="api-reference" className="rounded-md border bg-white">
          <ScalarReference document={doc.document} />
        </div>
      )}
    </>
  );
}

import { BackLink } from "@/components/ui/back-link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import {
  apisOfPolicies,
  findPendingRequest,
  getPortalCatalogEntryBySlug,
} from "@/db/queries/catalog-public";
import { getDeveloperContext, requirePortalOrg } from "@/lib/auth/guards";
import { isRecordSlug } from "@/lib/validation/ids";
import { fetchOpenApiOperations, openApiUrlOf } from "@/lib/docs/openapi";
import { approvalModeOf } from "@/lib/keyrequests/request";
import { RequestAccessForm } from "./request-form";

/** The tab names the API and the portal (WCAG 2.4.2): "Payments · Acme APIs · Gatehouse". */
export async function generateMetadata({
  params,
}: {
  params: Promise<{ org: string; slug: string }>;
}): Promise<Metadata> {
  const { org: orgSlug, slug } = await params;
  const org = await requirePortalOrg(orgSlug);
  const entry = isRecordSlug(slug)
    ? await getPortalCatalogEntryBySlug(getDb(), org.id, slug)
    : null;
  return { title: entry ? `${entry.name} · ${org.name}` : "API" };
}

async function OpenApiOperations({ url }: { url: string }) {
  const r = await fetchOpenApiOperations(url);
  if (!r.ok)
    return (
      <Alert tone="info" title="OpenAPI document">
        {r.error}{" "}
        <a className="underline" href={url}>
          Open it
        </a>
        .
      </Alert>
    );
  return (
    <Table caption="Operations">
      <thead>
        <tr>
          <Th>Method</Th>
          <Th>Path</Th>
          <Th>Summary</Th>
        </tr>
      </thead>
      <tbody>
        {r.operations.map((o) => (
          <tr key={`${o.method} ${o.path}`}>
            <Td className="font-mono text-xs">{o.method}</Td>
            <Td className="font-mono text-xs">{o.path}</Td>
            <Td>{o.summary}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export default async function CatalogEntryPage({
  params,
}: {
  params: Promise<{ org: string; slug: string }>;
}) {
  const { org: orgSlug, slug } = await params;
  const org = await requirePortalOrg(orgSlug);
  const db = getDb();
  const entry = isRecordSlug(slug) ? await getPortalCatalogEntryBySlug(db, org.id, slug) : null;
  if (!entry) notFound();
  const ctx = await getDeveloperContext(orgSlug);
  const [apis, pending] = await Promise.all([
    apisOfPolicies(db, org.id, [entry.policyId]).then((m) => m.get(entry.policyId) ?? []),
    ctx ? findPendingRequest(db, org.id, ctx.developer.id, entry.id) : null,
  ]);
  const mode = approvalModeOf(org, entry);
  // R-OAUTH-CLIENTS: an entry whose policy opens an OAuth API gives an OAuth client, not a key.
  const oauth = apis.some((a) => a.authType === "oauth");
  const openapi = openApiUrlOf(entry, apis);
  const docs =
    entry.docsMarkdown ??
    apis
      .map((a) => a.docsMarkdown)
      .filter(Boolean)
      .join("\n\n");
  return (
    <>
      <BackLink href={`/${orgSlug}/catalog`}>Catalog</BackLink>
      <PageHeader title={entry.name} description={entry.shortDescription} />
      {entry.visibility === "hidden" && (
        <Alert className="mb-4">
          This entry is not listed in the catalog: you reached it by its link.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader
              title="About"
              description={`APIs: ${apis.map((a) => `${a.name} (${a.listenPath})`).join(", ") || "—"}`}
            />
            <CardBody className="space-y-4">
              {entry.longDescription && (
                <p className="text-sm text-slate-800">{entry.longDescription}</p>
              )}
              {docs ? (
                <Markdown>{docs}</Markdown>
              ) : (
                <p className="text-sm text-slate-600">No documentation yet.</p>
              )}
            </CardBody>
          </Card>
          {openapi && (
            <Card>
              <CardHeader
                title="Operations"
                description="From the API's OpenAPI document."
                actions={
                  <ButtonLink
                    href={`/${orgSlug}/catalog/${entry.slug}/reference`}
                    variant="secondary"
                    size="sm"
                  >
                    Interactive reference
                  </ButtonLink>
                }
              />
              <OpenApiOperations url={openapi} />
            </Card>
          )}
        </div>
        <Card className="h-fit">
          <CardHeader
            title="Access"
            description={
              mode === "auto"
                ? oauth
                  ? "This API uses OAuth 2.0 client credentials: your client is created at once."
                  : "Keys are issued at once."
                : mode === "redirect"
                  ? "Access is arranged on the provider's site."
                  : "Requests are reviewed; you will get an email."
            }
          />
          <CardBody>
            {!ctx ? (
              <div className="space-y-3 text-sm">
                <p>Log in or create an account to request access.</p>
                <div className="flex gap-2">
                  <ButtonLink href={`/${orgSlug}/login?next=/${orgSlug}/catalog/${slug}`}>
                    Log in
                  </ButtonLink>
                  <ButtonLink href={`/${orgSlug}/signup`} variant="secondary">
                    Sign up
                  </ButtonLink>
                </div>
              </div>
            ) : pending ? (
              <Alert tone="info" title="Request pending">
                You asked for access on {formatDateTime(pending.createdAt)}. You will hear from us
                by email.
              </Alert>
            ) : (
              <RequestAccessForm
                org={orgSlug}
                entryId={entry.id}
                fields={entry.reasonFields}
                instant={mode === "auto"}
                oauth={oauth}
              />
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}

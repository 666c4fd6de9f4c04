import { countryName } from "@/lib/validation/countries";
import { usageCsvHref } from "@/lib/usage/page-range";
import { BackLink } from "@/components/ui/back-link";
import { createHash } from "node:crypto";
import { Download, ShieldQuestion } from "lucide-react";
import { ButtonLink } from "@/components/ui/button";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { UsagePanel } from "@/components/charts/usage-panel";
import { Avatar } from "@/components/admin/avatar";
import { DeveloperActions } from "./developer-actions";
import { DeveloperSessionsPanel } from "@/components/admin/developer-sessions-panel";
import { sessionViews } from "@/components/account/session-views";
import { type KeyRow, KeysPanel } from "./keys-panel";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { getDb } from "@/db";
import { getDeveloper } from "@/db/queries/developers";
import { listDeveloperKeys, listKeyPolicyOptions } from "@/db/queries/keys";
import { listDeveloperOauthClients } from "@/db/queries/oauth";
import { OauthClientsTable } from "@/components/oauth/clients-table";
import { RevokeOauthClient } from "./oauth-client-revoke";
import { apiNames, loadPoliciesForLimits } from "@/db/queries/policy-limits";
import { developerUsageSeries } from "@/db/queries/usage-read";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { parseId } from "@/lib/validation/ids";
import { describeEffectiveLimits } from "@/lib/policies/describe";
import { listActiveSessions } from "@/lib/sessions/sessions";
import { fillSeries, usageRange } from "@/lib/usage/series";
import { endDeveloperSessionsAction } from "./session-actions";

/** The tab names the developer (WCAG 2.4.2): "Ada Lovelace · Developer · Gatehouse". */
export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const { orgId } = await requireAdmin();
  const id = parseId((await params).id, "dev");
  const dev = id ? await getDeveloper(getDb(), orgId, id) : null;
  return { title: dev ? `${dev.name || dev.email} · Developer` : "Developer" };
}

const query = z.object({
  g: z.enum(["day", "hour"]).catch("day"),
  created: z.string().optional(),
  saved: z.string().optional(),
});

export default async function DeveloperPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { orgId, org, admin } = await requireAdmin();
  const id = parseId((await params).id, "dev") ?? notFound();
  const { g, created, saved } = query.parse({ g: "day", ...(await searchParams) });
  const db = getDb();
  const dev = await getDeveloper(db, orgId, id);
  if (!dev) notFound();
  const range = usageRange(7, g);
  const [keys, options, oauth, usageRows, names, sessions] = await Promise.all([
    listDeveloperKeys(db, orgId, id),
    listKeyPolicyOptions(db, orgId),
    listDeveloperOauthClients(db, orgId, id),
    developerUsageSeries(db, orgId, id, range),
    apiNames(db, orgId),
    listActiveSessions(db, { orgId, subjectType: "developer", subjectId: id }),
  ]);
  const policyIds = [...new Set(keys.flatMap((k) => k.policies.map((p) => p.policyId)))];
  const policyDefs = await loadPoliciesForLimits(db, orgId, policyIds);
  const now = new Date();
  const keyRows: KeyRow[] = keys.map((k) => ({
    id: k.id,
    start: k.start,
    alias: k.alias,
    status: k.status,
    created: formatDate(k.createdAt),
    expires: k.expiresAt ? formatDate(k.expiresAt) : "never",
    lastUsed: k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never",
    policies: k.policies,
    limits: describeEffectiveLimits(
      policyDefs.filter((p) => k.policies.some((kp) => kp.policyId === p.id)),
      names,
    ),
    previous:
      k.previousStart && k.previousHashEndsAt && k.previousHashEndsAt > now
        ? { start: k.previousStart, until: formatDateTime(k.previousHashEndsAt) }
        : null,
    allowedIps: k.allowedIps,
  }));
  const canEdit = roleAllows(admin.role, "admin");
  const gravatar = createHash("md5").update(dev.email.trim().toLowerCase()).digest("hex");
  const labels = new Map(org.signupFields.map((f) => [f.key, f.label]));
  const custom = Object.entries(dev.customFields).map(
    ([k, v]) =>
      [labels.get(k) ?? k, typeof v === "boolean" ? (v ? "Yes" : "No") : v || "—"] as const,
  );

  return (
    <>
      <BackLink href="/admin/developers">Developers</BackLink>
      {created && (
        <Alert tone="success" className="mb-4">
          {created === "invited" ? "Developer added and invited by email." : "Developer added."}
        </Alert>
      )}
      {saved && (
        <Alert tone="success" className="mb-4">
          Profile saved. Keys are unchanged.
        </Alert>
      )}
      <div className="mb-6 flex flex-wrap items-center justify-between gap-4">
        <div className="flex min-w-0 items-center gap-4">
          <Avatar gravatarHash={gravatar} name={dev.name} email={dev.email} />
          <div className="min-w-0">
            <h1 className="truncate text-2xl font-semibold tracking-tight">
              {dev.name || dev.email}
            </h1>
            <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <span className="break-all">{dev.email}</span>
              <Badge tone={dev.status === "active" ? "green" : "neutral"}>{dev.status}</Badge>
            </p>
          </div>
        </div>
        {canEdit && <DeveloperActions developerId={dev.id} email={dev.email} status={dev.status} />}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardHeader title="Profile" />
          <CardBody>
            <dl className="space-y-3 text-sm" data-testid="profile-fields">
              {(
                [
                  ["Email", dev.email],
                  ["Name", dev.name || "—"],
                  ["Telephone", dev.telephone ?? "—"],
                  ["Country", countryName(dev.country) ?? "—"],
                  ...custom,
                  ["Signed up", formatDateTime(dev.createdAt)],
                  ["Last login", dev.lastLoginAt ? formatDateTime(dev.lastLoginAt) : "never"],
                  ["Email verified", dev.emailVerifiedAt ? formatDate(dev.emailVerifiedAt) : "no"],
                  ["Password", dev.passwordHash ? "set" : "not set (invitation pending)"],
                ] as const
              ).map(([k, v]) => (
                <div key={k}>
                  <dt className="text-slate-600">{k}</dt>
                  <dd className="break-words font-medium text-slate-900">{v}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader
            title="Usage, last 7 days"
            description="All of this developer's keys together."
            actions={
              <ButtonLink
                href={usageCsvHref(range, { developerId: dev.id })}
                variant="secondary"
                size="sm"
                prefetch={false}
              >
                <Download className="size-4" aria-hidden /> Download CSV
              </ButtonLink>
            }
          />
          <CardBody>
            <UsagePanel
              summary={fillSeries(usageRows, range)}
              granularity={g}
              label={`API usage of ${dev.email} over the last 7 days`}
              switchHref={(x) => `/admin/developers/${dev.id}?g=${x}`}
            />
          </CardBody>
        </Card>
      </div>

      <Card className="mt-6">
        <CardHeader title="Keys" description="Every key with the policies connected to it." />
        <CardBody>
          <KeysPanel developerId={dev.id} keys={keyRows} options={options} canEdit={canEdit} />
        </CardBody>
      </Card>

      <Card className="mt-6">
        <CardHeader title="OAuth clients" />
        {oauth.length === 0 ? (
          <EmptyState icon={ShieldQuestion} title="No OAuth clients">
            OAuth clients this developer registers for OAuth-enabled APIs appear here.
          </EmptyState>
        ) : (
          <OauthClientsTable
            clients={oauth}
            actions={
              canEdit ? (c) => <RevokeOauthClient oauthClientId={c.id} name={c.name} /> : undefined
            }
          />
        )}
      </Card>

      <DeveloperSessionsPanel
        developerId={dev.id}
        sessions={sessionViews(sessions, null)}
        canEdit={canEdit}
        endAll={endDeveloperSessionsAction}
      />
    </>
  );
}

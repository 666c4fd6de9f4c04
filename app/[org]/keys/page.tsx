import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { KeyCardView } from "@/components/portal/key-card";
import { OwnClientActions } from "./own-client-actions";
import { IpRulesOwnKey } from "./ip-rules-own-key";
import { RevokeOwnKey } from "./revoke-own-key";
import { RollOwnKey } from "./roll-own-key";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listDeveloperKeyRequests } from "@/db/queries/key-requests";
import { listDeveloperOauthClients } from "@/db/queries/oauth";
import { OauthClientsTable } from "@/components/oauth/clients-table";
import { oauthEndpoints } from "@/lib/oauth/issuer";
import { requireDeveloper } from "@/lib/auth/guards";
import { loadKeyCards } from "@/lib/portal/key-cards";
import { liveQuotaReader } from "@/lib/quotas/live";

export const metadata: Metadata = { title: "My keys" };
const REQUEST_TONE = { pending: "amber", approved: "green", declined: "red" } as const;
const REQUEST_LABEL = { pending: "Pending", approved: "Approved", declined: "Declined" } as const;

export default async function MyKeysPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { developer, orgId } = await requireDeveloper(slug);
  const db = getDb();
  const [cards, requests, clients] = await Promise.all([
    loadKeyCards(db, orgId, developer.id, liveQuotaReader()),
    listDeveloperKeyRequests(db, orgId, developer.id),
    listDeveloperOauthClients(db, orgId, developer.id),
  ]);
  return (
    <>
      <PageHeader
        title="My keys"
        description="Your API keys and access requests."
        actions={<ButtonLink href={`/${slug}/catalog`}>Request access</ButtonLink>}
      />
      {cards.length === 0 ? (
        clients.length > 0 ? null : (
          <Card>
            <EmptyState icon={KeyRound} title="No keys yet">
              Request access to an API in the catalog to get a key.
            </EmptyState>
          </Card>
        )
      ) : (
        <div className="space-y-4">
          {cards.map((k) => (
            <KeyCardView
              key={k.id}
              k={k}
              actions={
                k.status !== "revoked" ? (
                  <div className="flex flex-wrap gap-2">
                    <RollOwnKey
                      org={slug}
                      keyId={k.id}
                      start={k.start}
                      previous={
                        k.previous
                          ? { start: k.previous.start, until: formatDateTime(k.previous.until) }
                          : null
                      }
                    />
                    <IpRulesOwnKey org={slug} keyId={k.id} start={k.start} rules={k.allowedIps} />
                    <RevokeOwnKey org={slug} keyId={k.id} start={k.start} />
                  </div>
                ) : undefined
              }
            />
          ))}
        </div>
      )}
      {clients.length > 0 && (
        <>
          <h2 className="mb-1 mt-8 text-lg font-semibold">OAuth clients</h2>
          <p className="mb-3 text-sm text-slate-700">
            Get access tokens with the client-credentials grant at{" "}
            <code className="break-all font-mono">{oauthEndpoints(slug).token_endpoint}</code>{" "}
            (client id and secret by HTTP Basic or in the form), then send them as{" "}
            <code className="font-mono">Authorization: Bearer</code>. Tokens last one hour.
          </p>
          <Card>
            <OauthClientsTable
              clients={clients}
              actions={(c) => <OwnClientActions org={slug} oauthClientId={c.id} name={c.name} />}
            />
          </Card>
        </>
      )}
      <h2 className="mb-3 mt-8 text-lg font-semibold">Access requests</h2>
      <Card>
        {requests.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">You have not requested access yet.</p>
        ) : (
          <Table caption="Access requests">
            <thead>
              <tr>
                <Th>API</Th>
                <Th>Requested</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {requests.map(({ request: r, entryName, entrySlug }) => (
                <tr key={r.id}>
                  <Td>
                    <Link
                      className="text-brand-700 hover:underline"
                      href={`/${slug}/catalog/${entrySlug}`}
                    >
                      {entryName}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(r.createdAt)}</Td>
                  <Td>
                    <Badge tone={REQUEST_TONE[r.status]}>{REQUEST_LABEL[r.status]}</Badge>
                    {r.status === "declined" && r.declineReason && (
                      <p className="mt-1 text-sm text-slate-700">Reason: {r.declineReason}</p>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

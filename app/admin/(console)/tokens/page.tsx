import { KeySquare } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listApiTokens } from "@/db/queries/gateway";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { CreateTokenForm } from "./create-token-form";
import { RevokeTokenButton } from "./revoke-token-button";

export const metadata: Metadata = { title: "API & gateway tokens" };

export default async function TokensPage() {
  const { orgId, admin } = await requireAdmin();
  const rows = await listApiTokens(getDb(), orgId);
  const canEdit = roleAllows(admin.role, "admin");
  return (
    <>
      <PageHeader
        title="API & gateway tokens"
        description="Gateway tokens let NGINX, Envoy or the standalone verifier check developers' keys against Gatehouse; management tokens let your automation use the management API."
      />
      <p className="mb-4 text-sm">
        <Link href="/admin/tokens/api-reference" className="font-medium underline">
          API reference
        </Link>{" "}
        — every management API route and the gateway contract, with requests you can try (OpenAPI
        document: <code>/api/v1/openapi.json</code>).
      </p>
      <div className="space-y-6">
        {canEdit && (
          <Card>
            <CardHeader
              title="New token"
              description="The token is shown once. Gatehouse keeps only its hash."
            />
            <CardBody>
              <CreateTokenForm />
            </CardBody>
          </Card>
        )}
        <Card>
          <CardHeader title="Tokens" />
          {rows.length === 0 ? (
            <EmptyState icon={KeySquare} title="No tokens yet">
              Create a gateway token and put it in your NGINX configuration as the{" "}
              <code>X-Gatehouse-Gateway-Token</code> header of the auth subrequest (see
              docs/GATEWAY.md).
            </EmptyState>
          ) : (
            <Table caption="API and gateway tokens">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Kind</Th>
                  <Th>Token</Th>
                  <Th>Created</Th>
                  <Th>Last used</Th>
                  <Th>Status</Th>
                  {canEdit && <Th className="text-right">Actions</Th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((t) => (
                  <tr key={t.id}>
                    <Td className="font-medium">{t.name}</Td>
                    <Td>{t.kind === "gateway" ? "Gateway" : "Management"}</Td>
                    <Td>
                      <code className="font-mono text-xs">{t.start}…</code>
                    </Td>
                    <Td className="whitespace-nowrap">{formatDateTime(t.createdAt)}</Td>
                    <Td className="whitespace-nowrap">
                      {t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}
                    </Td>
                    <Td>
                      {t.revokedAt ? (
                        <Badge tone="red">Revoked</Badge>
                      ) : (
                        <Badge tone="green">Active</Badge>
                      )}
                    </Td>
                    {canEdit && (
                      <Td className="text-right">
                        {!t.revokedAt && (
                          <RevokeTokenButton tokenId={t.id} name={t.name} kind={t.kind} />
                        )}
                      </Td>
                    )}
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}

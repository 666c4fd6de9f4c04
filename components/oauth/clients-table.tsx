import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";

export type ClientRow = {
  id: string;
  name: string;
  clientId: string;
  catalogEntryName: string | null;
  status: "active" | "inactive" | "revoked";
  revokedAt: Date | null;
  secretRotatedAt: Date | null;
  createdAt: Date;
};

/**
 * OAuth clients of one developer (R-OAUTH-CLIENTS, R-DEV-OAUTH-CLIENTS): the portal's My keys and
 * the console's developer profile. Never a secret: only the public client id. `actions` renders
 * the row's buttons (rotate/delete in the portal, revoke in the console) for live clients.
 */
export function OauthClientsTable({
  clients,
  actions,
}: {
  clients: ClientRow[];
  actions?: (c: ClientRow) => ReactNode;
}) {
  return (
    <Table caption="OAuth clients">
      <thead>
        <tr>
          <Th>Client</Th>
          <Th>Client id</Th>
          <Th>Created</Th>
          <Th>Status</Th>
          {actions && (
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          )}
        </tr>
      </thead>
      <tbody>
        {clients.map((c) => {
          const live = !c.revokedAt && c.status !== "revoked";
          return (
            <tr key={c.id} data-testid="oauth-client-row">
              <Td>
                <span className="font-medium">{c.name}</span>
                {c.catalogEntryName && c.catalogEntryName !== c.name && (
                  <span className="block text-xs text-slate-600">{c.catalogEntryName}</span>
                )}
              </Td>
              <Td>
                <code className="break-all font-mono text-xs">{c.clientId}</code>
              </Td>
              <Td className="whitespace-nowrap">
                {formatDate(c.createdAt)}
                {c.secretRotatedAt && (
                  <span className="block text-xs text-slate-600">
                    secret changed {formatDate(c.secretRotatedAt)}
                  </span>
                )}
              </Td>
              <Td>
                <Badge tone={live ? (c.status === "active" ? "green" : "amber") : "red"}>
                  {live ? c.status : "revoked"}
                </Badge>
              </Td>
              {actions && <Td>{live ? actions(c) : null}</Td>}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

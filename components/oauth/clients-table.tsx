import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/format";

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
 * the buttons of a live client (rotate/delete in the portal, revoke in the console). A list
 * rather than a table, so a long client id wraps at 375 px instead of pushing the buttons away.
 */
export function OauthClientsTable({
  clients,
  actions,
}: {
  clients: ClientRow[];
  actions?: (c: ClientRow) => ReactNode;
}) {
  return (
    <ul className="divide-y divide-slate-200" aria-label="OAuth clients">
      {clients.map((c) => {
        const live = !c.revokedAt && c.status !== "revoked";
        return (
          <li
            key={c.id}
            data-testid="oauth-client-row"
            className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
          >
            <div className="min-w-0 space-y-1">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900">{c.name}</span>
                <Badge tone={live ? (c.status === "active" ? "green" : "amber") : "red"}>
                  {live ? c.status : "revoked"}
                </Badge>
              </p>
              <p className="text-sm text-slate-700">
                Client id{" "}
                <code className="break-all rounded bg-slate-100 px-1 font-mono text-xs text-slate-900">
                  {c.clientId}
                </code>
              </p>
              <p className="text-xs text-slate-600">
                Created {formatDate(c.createdAt)}
                {c.catalogEntryName && c.catalogEntryName !== c.name
                  ? ` · ${c.catalogEntryName}`
                  : ""}
                {c.secretRotatedAt ? ` · secret changed ${formatDate(c.secretRotatedAt)}` : ""}
                {c.revokedAt ? ` · revoked ${formatDate(c.revokedAt)}` : ""}
              </p>
            </div>
            {actions && live && <div className="shrink-0">{actions(c)}</div>}
          </li>
        );
      })}
    </ul>
  );
}

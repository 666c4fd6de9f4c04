"use client";
import { ClientActionButton } from "@/components/oauth/client-action";
import { deleteOwnClientAction, rotateOwnClientSecretAction } from "./oauth-actions";

/** The developer's buttons on one of their OAuth clients: New secret, Delete (each confirmed). */
export function OwnClientActions({
  org,
  oauthClientId,
  name,
}: {
  org: string;
  oauthClientId: string;
  name: string;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <ClientActionButton
        action={rotateOwnClientSecretAction}
        oauthClientId={oauthClientId}
        clientName={name}
        hidden={{ org }}
        label="New secret"
        title="Create a new client secret?"
        description="The new secret is shown once. The current secret stops working at once, and so do the access tokens issued with it: update your application right away."
        submitText="Create new secret"
        pendingText="Creating…"
      />
      <ClientActionButton
        action={deleteOwnClientAction}
        oauthClientId={oauthClientId}
        clientName={name}
        hidden={{ org }}
        label="Delete"
        title="Delete this OAuth client?"
        description="The client gets no more access tokens, and the tokens it holds are refused by the gateway at once. This cannot be undone."
        submitText="Delete client"
        pendingText="Deleting…"
        danger
      />
    </div>
  );
}

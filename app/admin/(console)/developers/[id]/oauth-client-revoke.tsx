"use client";
import { ClientActionButton } from "@/components/oauth/client-action";
import { revokeOauthClientAction } from "./oauth-actions";

/** The admin's Revoke button on one of the developer's OAuth clients (confirmed in a dialog). */
export function RevokeOauthClient({
  oauthClientId,
  name,
}: {
  oauthClientId: string;
  name: string;
}) {
  return (
    <ClientActionButton
      action={revokeOauthClientAction}
      oauthClientId={oauthClientId}
      clientName={name}
      label="Revoke"
      title="Revoke this OAuth client?"
      description="The client gets no more access tokens, and the gateway refuses the tokens it holds at once. The developer sees it as revoked. This cannot be undone."
      submitText="Revoke client"
      pendingText="Revoking…"
      danger
    />
  );
}

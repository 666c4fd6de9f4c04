import type { Metadata } from "next";
import Link from "next/link";
import { LinkButtonForm } from "@/components/account/link-button-form";
import { SecureAccountSteps } from "@/components/account/secure-account-steps";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/auth-card";
import { getDb } from "@/db";
import { peekAdminSecurityAlert } from "@/lib/admins/security-alert";
import { secureAdminAccountAction } from "../actions";

export const metadata: Metadata = { title: "Secure your admin account", referrer: "no-referrer" };

/** R-SEC-EMAIL-CHANGE: "This wasn't me" — the link in every admin email- and password-change notice. */
export default async function SecureAdminAccountPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  const alert = await peekAdminSecurityAlert(getDb(), token);
  return (
    <AuthCard
      title="Secure your admin account"
      subtitle={
        alert
          ? `If you did not make the change we told you about, secure your ${alert.orgName} admin account:`
          : undefined
      }
    >
      {alert ? (
        <>
          <SecureAccountSteps address={alert.address} />
          <LinkButtonForm
            action={secureAdminAccountAction}
            token={token}
            label="Secure my account"
            pendingText="Securing…"
            variant="danger"
            doneTitle="Your account is secured"
          />
        </>
      ) : (
        <Alert tone="error" title="This link has expired or was already used">
          To get back into your account,{" "}
          <Link className="underline" href="/admin/reset">
            request a password reset
          </Link>
          .
        </Alert>
      )}
    </AuthCard>
  );
}

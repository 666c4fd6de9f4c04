import type { Metadata } from "next";
import Link from "next/link";
import { LinkButtonForm } from "@/components/account/link-button-form";
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
          <ul className="mb-6 list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>every session is logged out;</li>
            <li>the current password stops working;</li>
            <li>
              the account&apos;s email goes back to{" "}
              <span className="break-all font-medium">{alert.address}</span>, and we send a link to
              choose a new password there.
            </li>
          </ul>
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

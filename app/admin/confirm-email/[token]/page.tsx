import type { Metadata } from "next";
import Link from "next/link";
import { LinkButtonForm } from "@/components/account/link-button-form";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/auth-card";
import { getDb } from "@/db";
import { peekAdminEmailChange } from "@/lib/admins/email-change";
import { confirmAdminEmailChangeAction } from "../actions";

export const metadata: Metadata = {
  title: "Confirm your new admin email",
  referrer: "no-referrer",
};

/** R-SEC-EMAIL-CHANGE: the page behind the link sent to an admin's new address. */
export default async function ConfirmAdminEmailPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  const pending = await peekAdminEmailChange(getDb(), token);
  return (
    <AuthCard
      title="Confirm your new email"
      subtitle={
        pending ? (
          <>
            Use <span className="break-all font-medium text-slate-900">{pending.newEmail}</span> to
            log into your {pending.orgName} admin account. Every session of the account is logged
            out; then log in with the new email.
          </>
        ) : undefined
      }
    >
      {pending ? (
        <LinkButtonForm
          action={confirmAdminEmailChangeAction}
          token={token}
          label="Confirm new email"
          pendingText="Confirming…"
          doneTitle="Email changed"
          next={{ href: "/admin/login", label: "Log in" }}
        />
      ) : (
        <Alert tone="error" title="This link has expired or was already used">
          Ask for a new one from your{" "}
          <Link className="underline" href="/admin/account">
            Account page
          </Link>
          .
        </Alert>
      )}
    </AuthCard>
  );
}

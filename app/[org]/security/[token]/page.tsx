import type { Metadata } from "next";
import Link from "next/link";
import { LinkButtonForm } from "@/components/account/link-button-form";
import { SecureAccountSteps } from "@/components/account/secure-account-steps";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db";
import { requirePortalOrg } from "@/lib/auth/guards";
import { peekSecurityAlert } from "@/lib/developers/security-alert";
import { linkTokenField } from "@/lib/validation/ids";
import { secureAccountAction } from "../actions";

export const metadata: Metadata = { title: "Secure your account", referrer: "no-referrer" };

/** R-SEC-EMAIL-CHANGE: "This wasn't me" — the link in every email- and password-change notice. */
export default async function SecureAccountPage({
  params,
}: {
  params: Promise<{ org: string; token: string }>;
}) {
  const { org: slug, token } = await params;
  const org = await requirePortalOrg(slug);
  const wellFormed = linkTokenField.safeParse(token).success;
  const alert = wellFormed ? await peekSecurityAlert(getDb(), org, token) : null;
  return (
    <div className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold">Secure your account</h1>
      {alert ? (
        <>
          <p className="mt-1 text-sm text-slate-600">
            If you did not make the change we told you about, secure your {org.name} developer
            account:
          </p>
          <SecureAccountSteps address={alert.address} />
          <LinkButtonForm
            action={secureAccountAction}
            token={token}
            hidden={{ org: slug }}
            label="Secure my account"
            pendingText="Securing…"
            variant="danger"
            doneTitle="Your account is secured"
          />
        </>
      ) : (
        <Alert tone="error" className="mt-4" title="This link has expired or was already used">
          To get back into your account,{" "}
          <Link className="underline" href={`/${slug}/reset`}>
            request a password reset
          </Link>
          .
        </Alert>
      )}
    </div>
  );
}

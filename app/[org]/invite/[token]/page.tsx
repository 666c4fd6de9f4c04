import type { Metadata } from "next";
import Link from "next/link";
import { NewPasswordForm } from "@/components/forms/new-password-form";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db";
import { requirePortalOrg } from "@/lib/auth/guards";
import { checkLinkToken } from "@/lib/auth/tokens";
import { acceptInvitationAction } from "../actions";

export const metadata: Metadata = { title: "Accept invitation", referrer: "no-referrer" };

export default async function InvitationPage({
  params,
}: {
  params: Promise<{ org: string; token: string }>;
}) {
  const { org: slug, token } = await params;
  const org = await requirePortalOrg(slug);
  const valid = await checkLinkToken(getDb(), org.id, "invitation", token);
  return (
    <div className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold">Welcome to {org.name}</h1>
      {valid ? (
        <>
          <p className="mt-1 text-sm text-slate-600">
            Choose a password for your developer account.
          </p>
          <div className="mt-6">
            <NewPasswordForm
              hidden={{ org: slug }}
              token={token}
              minLength={Math.max(6, org.minPasswordLength)}
              action={acceptInvitationAction}
              submitLabel="Set password"
            />
          </div>
        </>
      ) : (
        <Alert
          tone="error"
          className="mt-4"
          title="This invitation link has expired or was already used"
        >
          Ask the portal&apos;s administrators for a new invitation, or{" "}
          <Link className="underline" href={`/${slug}/login`}>
            log in
          </Link>
          .
        </Alert>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { LinkButtonForm } from "@/components/account/link-button-form";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db";
import { requirePortalOrg } from "@/lib/auth/guards";
import { peekEmailChange } from "@/lib/developers/email-change";
import { linkTokenField } from "@/lib/validation/ids";
import { confirmEmailChangeAction } from "../actions";

export const metadata: Metadata = { title: "Confirm your new email", referrer: "no-referrer" };

/** R-SEC-EMAIL-CHANGE: the page behind the link sent to the new address. */
export default async function ConfirmEmailChangePage({
  params,
}: {
  params: Promise<{ org: string; token: string }>;
}) {
  const { org: slug, token } = await params;
  const org = await requirePortalOrg(slug);
  const wellFormed = linkTokenField.safeParse(token).success;
  const pending = wellFormed ? await peekEmailChange(getDb(), org, token) : null;
  return (
    <div className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold">Confirm your new email</h1>
      {pending ? (
        <>
          <p className="mb-6 mt-1 text-sm text-slate-600">
            Use <span className="break-all font-medium text-slate-900">{pending.newEmail}</span> to
            log into your {org.name} developer account. Every session of the account is logged out;
            then log in with the new email.
          </p>
          <LinkButtonForm
            action={confirmEmailChangeAction}
            token={token}
            hidden={{ org: slug }}
            label="Confirm new email"
            pendingText="Confirming…"
            doneTitle="Email changed"
            next={{ href: `/${slug}/login`, label: "Log in" }}
          />
        </>
      ) : (
        <Alert tone="error" className="mt-4" title="This link has expired or was already used">
          Ask for a new one from{" "}
          <Link className="underline" href={`/${slug}/account`}>
            Edit profile
          </Link>
          .
        </Alert>
      )}
    </div>
  );
}

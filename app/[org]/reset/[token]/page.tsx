import type { Metadata } from "next";
import Link from "next/link";
import { NewPasswordForm } from "@/components/forms/new-password-form";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db";
import { requirePortalOrg } from "@/lib/auth/guards";
import { checkLinkToken } from "@/lib/auth/tokens";
import { resetPasswordAction } from "../actions";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({
  params,
}: {
  params: Promise<{ org: string; token: string }>;
}) {
  const { org: slug, token } = await params;
  const org = await requirePortalOrg(slug);
  const valid = await checkLinkToken(getDb(), org.id, "password_reset", token);
  return (
    <div className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {valid ? (
        <div className="mt-6">
          <NewPasswordForm
            hidden={{ org: slug }}
            token={token}
            minLength={Math.max(6, org.minPasswordLength)}
            action={resetPasswordAction}
            submitLabel="Update"
          />
        </div>
      ) : (
        <Alert
          tone="error"
          className="mt-4"
          title="This reset link has expired or was already used"
        >
          <Link className="underline" href={`/${slug}/reset`}>
            Request a new link
          </Link>
          .
        </Alert>
      )}
    </div>
  );
}

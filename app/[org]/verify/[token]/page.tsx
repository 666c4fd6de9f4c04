import type { Metadata } from "next";
import { ConfirmEmailForm } from "../verify-forms";
import { requirePortalOrg } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

export default async function VerifyEmailPage({
  params,
}: {
  params: Promise<{ org: string; token: string }>;
}) {
  const { org: slug, token } = await params;
  const org = await requirePortalOrg(slug);
  return (
    <div className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold">Confirm your email</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        Confirm the address of your {org.name} developer account.
      </p>
      <ConfirmEmailForm org={slug} token={token} />
    </div>
  );
}

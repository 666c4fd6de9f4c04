import type { Metadata } from "next";
import Link from "next/link";
import { requirePortalOrg } from "@/lib/auth/guards";
import { RequestResetForm } from "./request-form";

export const metadata: Metadata = { title: "Reset password" };

export default async function RequestResetPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const org = await requirePortalOrg(slug);
  return (
    <div className="mx-auto max-w-md">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold">Reset your password</h1>
        <p className="mt-1 text-sm text-slate-600">
          Enter the email of your {org.name} developer account and we will send you a link.
        </p>
        <div className="mt-6">
          <RequestResetForm org={slug} />
        </div>
      </div>
      <p className="mt-4 text-center text-sm text-slate-600">
        Remembered it?{" "}
        <Link className="text-brand-700 underline" href={`/${slug}/login`}>
          Log in
        </Link>
      </p>
    </div>
  );
}

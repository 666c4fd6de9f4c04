import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { getDeveloperContext, requirePortalOrg } from "@/lib/auth/guards";
import { DeveloperLoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in" };

export default async function DeveloperLoginPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ signedUp?: string; passwordSet?: string; next?: string }>;
}) {
  const { org: slug } = await params;
  const org = await requirePortalOrg(slug);
  if (await getDeveloperContext(slug)) redirect(`/${slug}/dashboard`);
  const { signedUp, passwordSet, next } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold">Log in to {org.name}</h1>
        {signedUp && (
          <Alert tone="success" className="mt-4" title="Check your inbox">
            We sent you an email about your account. You can log in with the email and password you
            chose.
          </Alert>
        )}
        {passwordSet && (
          <Alert tone="success" className="mt-4" title="Password set">
            Log in with your new password.
          </Alert>
        )}
        <div className="mt-6">
          <DeveloperLoginForm org={slug} next={next} />
        </div>
      </div>
      <p className="mt-4 text-center text-sm text-slate-600">
        <Link className="text-brand-700 underline" href={`/${slug}/reset`}>
          Request password reset
        </Link>
      </p>
      <p className="mt-2 text-center text-sm text-slate-600">
        No account yet?{" "}
        <Link className="text-brand-700 underline" href={`/${slug}/signup`}>
          Sign up
        </Link>
      </p>
    </div>
  );
}

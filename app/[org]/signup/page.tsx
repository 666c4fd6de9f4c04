import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDeveloperContext, requirePortalOrg } from "@/lib/auth/guards";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignupPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const org = await requirePortalOrg(slug);
  if (await getDeveloperContext(slug)) redirect(`/${slug}/dashboard`);
  return (
    <div className="mx-auto max-w-md">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold">Create your {org.name} developer account</h1>
        <div className="mt-6">
          <SignupForm
            org={slug}
            minPasswordLength={Math.max(org.minPasswordLength, 6)}
            fields={org.signupFields}
          />
        </div>
      </div>
      <p className="mt-4 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="text-brand-700 underline" href={`/${slug}/login`}>
          Log in
        </Link>
      </p>
    </div>
  );
}

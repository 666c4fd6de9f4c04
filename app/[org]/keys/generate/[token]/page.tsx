import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { GenerateKeyForm } from "./generate-key-form";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db";
import { getDeveloperContext, requirePortalOrg } from "@/lib/auth/guards";
import { checkGenerateLink } from "@/lib/keyrequests/decide";

export const metadata: Metadata = { title: "Generate key", referrer: "no-referrer" };

/** The "Generate key" link of a secure approval: log in first, then generate once. */
export default async function GenerateKeyPage({
  params,
}: {
  params: Promise<{ org: string; token: string }>;
}) {
  const { org: slug, token } = await params;
  await requirePortalOrg(slug);
  const ctx = await getDeveloperContext(slug);
  if (!ctx)
    redirect(`/${slug}/login?next=${encodeURIComponent(`/${slug}/keys/generate/${token}`)}`);
  const check = await checkGenerateLink(getDb(), ctx.orgId, ctx.developer.id, token);
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold">Generate your API key</h1>
      {check === "ok" ? (
        <>
          <p className="mb-6 mt-1 text-sm text-slate-600">
            Your request was approved. The key is created now and shown once: have somewhere safe to
            keep it.
          </p>
          <GenerateKeyForm org={slug} token={token} />
        </>
      ) : (
        <Alert
          tone="error"
          className="mt-4"
          title={
            check === "other_account"
              ? "This link belongs to another account"
              : "This link has expired or was already used"
          }
        >
          {check === "other_account"
            ? "Log in as the developer who requested the key."
            : "Your key may already have been generated: see My keys."}
        </Alert>
      )}
    </div>
  );
}

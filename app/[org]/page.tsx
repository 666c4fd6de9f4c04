import { redirect } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { getDeveloperContext, requirePortalOrg } from "@/lib/auth/guards";

export default async function PortalHome({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const org = await requirePortalOrg(slug);
  if (await getDeveloperContext(slug)) redirect(`/${slug}/dashboard`);
  return (
    <section className="mx-auto max-w-2xl py-10 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">{org.name} developer portal</h1>
      <p className="mt-3 text-slate-700">
        Sign up to browse the API catalog, request keys and watch your usage.
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <ButtonLink href={`/${slug}/signup`} size="lg">
          Create an account
        </ButtonLink>
        <ButtonLink href={`/${slug}/login`} size="lg" variant="secondary">
          Log in
        </ButtonLink>
      </div>
    </section>
  );
}

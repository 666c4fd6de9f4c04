import { ArrowRight, BookOpen, KeyRound, UserPlus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db";
import { getBranding } from "@/db/queries/branding";
import { apisOfPolicies, listPublicCatalogEntries } from "@/db/queries/catalog-public";
import { listDeveloperKeys } from "@/db/queries/keys";
import { getDeveloperContext, requirePortalOrg } from "@/lib/auth/guards";
import { logoPath } from "@/lib/branding/logo";
import { env } from "@/lib/env";
import { curlExample } from "@/lib/portal/get-started";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ org: string }>;
}): Promise<Metadata> {
  const org = await requirePortalOrg((await params).org);
  return { title: `${org.name} developer portal` };
}

/**
 * The portal's front door (R-PORTAL-HOME): the organisation's name and logo, its published APIs
 * as cards, and "Get started" in three steps with a copy-paste call — the developer's own key
 * prefix and the API's address once they are logged in.
 */
export default async function PortalHome({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const org = await requirePortalOrg(slug);
  const db = getDb();
  const [ctx, branding, entries] = await Promise.all([
    getDeveloperContext(slug),
    getBranding(db, org.id),
    listPublicCatalogEntries(db, org.id),
  ]);
  const keys = ctx
    ? (await listDeveloperKeys(db, org.id, ctx.developer.id)).filter((k) => k.status === "active")
    : [];
  const apis = await apisOfPolicies(db, org.id, [
    ...new Set([
      ...entries.map((e) => e.policyId),
      ...keys.flatMap((k) => k.policies.map((p) => p.policyId)),
    ]),
  ]);
  // The example calls an API the developer's own key opens, else the first published one.
  const key = keys.find((k) =>
    k.policies.some((p) => apis.get(p.policyId)?.some((a) => a.authType === "key")),
  );
  const exampleApi =
    (key &&
      key.policies.flatMap((p) => apis.get(p.policyId) ?? []).find((a) => a.authType === "key")) ??
    entries.flatMap((e) => apis.get(e.policyId) ?? []).find((a) => a.authType === "key") ??
    null;
  const example = exampleApi
    ? curlExample(env().GATEWAY_PUBLIC_URL, exampleApi.listenPath, key?.start ?? null)
    : null;
  return (
    <div className="space-y-12">
      <section className="py-6 text-center sm:py-10">
        {branding?.logoVersion && (
          // eslint-disable-next-line @next/next/no-img-element -- our own, already-sized route
          <img
            src={logoPath(org.slug, branding.logoVersion)}
            alt={`${org.name} logo`}
            className="mx-auto mb-6 h-16 w-auto max-w-64 object-contain"
          />
        )}
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">
          {org.name} developer portal
        </h1>
        <p className="mx-auto mt-3 max-w-2xl text-slate-700">
          {ctx
            ? `Welcome back, ${ctx.developer.name}. Browse the APIs, request keys and watch your usage.`
            : "Browse the API catalog, request keys and watch your usage."}
        </p>
        <div className="mt-6 flex flex-wrap justify-center gap-3">
          {ctx ? (
            <>
              <ButtonLink href={`/${slug}/dashboard`} size="lg">
                Go to your dashboard
              </ButtonLink>
              <ButtonLink href={`/${slug}/keys`} size="lg" variant="secondary">
                My keys
              </ButtonLink>
            </>
          ) : (
            <>
              <ButtonLink href={`/${slug}/signup`} size="lg">
                Create an account
              </ButtonLink>
              <ButtonLink href={`/${slug}/login`} size="lg" variant="secondary">
                Log in
              </ButtonLink>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="apis-heading">
        <div className="mb-4 flex items-end justify-between gap-3">
          <h2 id="apis-heading" className="text-xl font-semibold">
            APIs
          </h2>
          <Link
            href={`/${slug}/catalog`}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            Full catalog
          </Link>
        </div>
        {entries.length === 0 ? (
          <EmptyState icon={BookOpen} title="No APIs published yet">
            {`${org.name} has not published an API in its catalog yet.`}
          </EmptyState>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {entries.map((e) => (
              <li key={e.id}>
                <Card className="flex h-full flex-col p-5">
                  <h3 className="font-semibold">
                    <Link href={`/${slug}/catalog/${e.slug}`} className="hover:underline">
                      {e.name}
                    </Link>
                  </h3>
                  {e.shortDescription && (
                    <p className="mt-1 text-sm text-slate-700">{e.shortDescription}</p>
                  )}
                  <p className="mt-3 text-xs text-slate-600">
                    {(apis.get(e.policyId) ?? [])
                      .map((a) => `${a.name} (${a.listenPath})`)
                      .join(" · ") || "—"}
                  </p>
                  <Link
                    href={`/${slug}/catalog/${e.slug}`}
                    className="mt-auto inline-flex items-center gap-1 pt-4 text-sm font-medium text-brand-700 hover:underline"
                    aria-label={`View ${e.name}`}
                  >
                    View <ArrowRight className="size-4" aria-hidden />
                  </Link>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="start-heading">
        <h2 id="start-heading" className="mb-4 text-xl font-semibold">
          Get started
        </h2>
        <ol className="grid gap-4 lg:grid-cols-3">
          <Step n={1} icon={UserPlus} title="Sign up" done={Boolean(ctx)}>
            {ctx ? (
              <>You are signed in as {ctx.developer.email}.</>
            ) : (
              <>
                <Link href={`/${slug}/signup`} className="text-brand-700 underline">
                  Sign up
                </Link>{" "}
                with your work email.
              </>
            )}
          </Step>
          <Step n={2} icon={KeyRound} title="Request a key" done={keys.length > 0}>
            {keys.length > 0 ? (
              <>
                You have {keys.length === 1 ? "an active key" : `${keys.length} active keys`}: see{" "}
                <Link href={`/${slug}/keys`} className="text-brand-700 underline">
                  My keys
                </Link>
                .
              </>
            ) : (
              <>
                Choose an API in the{" "}
                <Link href={`/${slug}/catalog`} className="text-brand-700 underline">
                  catalog
                </Link>{" "}
                and request access; your key is shown once.
              </>
            )}
          </Step>
          <Step n={3} icon={ArrowRight} title="Call the API" done={false}>
            {example ? (
              <>
                Send your key in the <code>X-API-Key</code> header
                {key ? (
                  <>
                    {" "}
                    (yours starts with <code>{key.start}</code>; paste the whole key)
                  </>
                ) : null}
                :
              </>
            ) : (
              <>Once an API is published, its address appears here.</>
            )}
          </Step>
        </ol>
        {example && (
          <div className="mt-4">
            <CodeBlock code={example} label="Example call with curl" />
          </div>
        )}
      </section>
    </div>
  );
}

function Step({
  n,
  icon: Icon,
  title,
  done,
  children,
}: {
  n: number;
  icon: typeof UserPlus;
  title: string;
  done: boolean;
  children: React.ReactNode;
}) {
  return (
    <li>
      <Card className="h-full p-5">
        <p className="flex items-center gap-2 font-semibold">
          <span
            className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-sm text-white"
            aria-hidden
          >
            {n}
          </span>
          <Icon className="size-4 text-brand-700" aria-hidden />
          {title}
          {done && <span className="ml-auto text-xs font-normal text-green-700">Done</span>}
        </p>
        <p className="mt-2 text-sm text-slate-700">{children}</p>
      </Card>
    </li>
  );
}

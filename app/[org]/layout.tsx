import type { ReactNode } from "react";
import { PortalHeader } from "./portal-header";
import { PortalSuspended } from "./portal-suspended";
import { getDb } from "@/db";
import { getBranding } from "@/db/queries/branding";
import { getDeveloperContext, requirePortalOrg } from "@/lib/auth/guards";
import { accentPalette } from "@/lib/branding/colour";
import { logoPath } from "@/lib/branding/logo";

export default async function PortalLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org: slug } = await params;
  const org = await requirePortalOrg(slug);
  if (org.suspendedAt) return <PortalSuspended name={org.name} />;
  const [ctx, branding] = await Promise.all([
    getDeveloperContext(slug),
    getBranding(getDb(), org.id),
  ]);
  return (
    // The organisation's accent colour re-tints the brand palette of every portal page.
    <div
      className="flex min-h-dvh flex-col"
      style={branding?.accentColor ? accentPalette(branding.accentColor) : undefined}
      // The dark theme derives its light/dark brand tints from the accent (app/globals.css).
      data-accent={branding?.accentColor ? "" : undefined}
    >
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <PortalHeader
        org={org}
        developer={ctx ? { name: ctx.developer.name, email: ctx.developer.email } : null}
        logoUrl={branding?.logoVersion ? logoPath(org.slug, branding.logoVersion) : null}
      />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}

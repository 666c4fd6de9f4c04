import type { ReactNode } from "react";
import { PortalHeader } from "./portal-header";
import { getDeveloperContext, requirePortalOrg } from "@/lib/auth/guards";

export default async function PortalLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org: slug } = await params;
  const org = await requirePortalOrg(slug);
  const ctx = await getDeveloperContext(slug);
  return (
    <div className="flex min-h-dvh flex-col">
      <PortalHeader
        org={org}
        developer={ctx ? { name: ctx.developer.name, email: ctx.developer.email } : null}
      />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}

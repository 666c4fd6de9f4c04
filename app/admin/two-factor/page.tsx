import { KeyRound, LogOut } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TwoFactorSection } from "@/components/admin/two-factor/two-factor-section";
import { Button, ButtonLink } from "@/components/ui/button";
import { getAdminContext } from "@/lib/auth/guards";
import { logoutAdminAction } from "../actions";
import { TWO_FACTOR_ACTIONS } from "./action-set";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

/**
 * Where an admin lands while their organisation requires two-factor and they have not set it up
 * (requireAdmin sends every console page here). Outside the console layout: nothing else is
 * reachable from it but logging out.
 */
export default async function TwoFactorSetupPage() {
  const ctx = await getAdminContext();
  if (!ctx) redirect("/admin/login");
  const { admin, org } = ctx;
  const on = admin.totpEnabledAt !== null;
  return (
    <div className="min-h-dvh">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2 sm:px-6">
        <span className="flex items-center gap-2 font-semibold text-brand-700">
          <KeyRound className="size-5" aria-hidden /> Gatehouse
        </span>
        <div className="flex items-center gap-3">
          <span className="text-sm text-slate-700">{admin.email}</span>
          <form action={logoutAdminAction}>
            <Button type="submit" variant="ghost" size="sm">
              <LogOut className="size-4" aria-hidden /> Log out
            </Button>
          </form>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-3xl space-y-6 px-4 py-8 sm:px-6">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Two-factor authentication</h1>
          <p className="mt-1 text-sm text-slate-600">
            {org.requireAdminTwoFactor
              ? `${org.name} requires two-factor authentication for every admin. Set it up to continue to the console.`
              : "Protect your admin account with a code from an authenticator app."}
          </p>
        </div>
        <TwoFactorSection
          admin={admin}
          orgName={org.name}
          required={org.requireAdminTwoFactor}
          actions={TWO_FACTOR_ACTIONS}
        />
        {on && <ButtonLink href="/admin">Continue to the console</ButtonLink>}
      </main>
    </div>
  );
}

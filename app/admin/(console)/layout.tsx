import { LogOut, UserRound } from "lucide-react";
import type { ReactNode } from "react";
import { AdminSidebar } from "@/components/admin/sidebar";
import { SuspendedBanner } from "@/components/admin/suspended-banner";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { getDb } from "@/db";
import { countPendingKeyRequests } from "@/db/queries/key-requests";
import { requireAdmin } from "@/lib/auth/guards";
import { isOperator } from "@/lib/orgs/operator";
import { logoutAdminAction } from "../actions";

export default async function AdminConsoleLayout({ children }: { children: ReactNode }) {
  const { admin, org } = await requireAdmin();
  const [pending, operator] = await Promise.all([
    countPendingKeyRequests(getDb(), org.id),
    isOperator(getDb(), admin),
  ]);
  return (
    <div className="min-h-dvh lg:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <AdminSidebar
        orgName={org.name}
        badges={{ "/admin/key-requests": pending }}
        isOwner={admin.role === "owner"}
        isOperator={operator}
      />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-2 sm:px-6">
          <span className="text-sm text-slate-700">{admin.email}</span>
          <Badge tone={admin.role === "viewer" ? "amber" : "blue"}>{admin.role}</Badge>
          <ThemeToggle />
          <ButtonLink href="/admin/account" variant="ghost" size="sm">
            <UserRound className="size-4" aria-hidden /> Account
          </ButtonLink>
          <form action={logoutAdminAction}>
            <Button type="submit" variant="ghost" size="sm">
              <LogOut className="size-4" aria-hidden /> Log out
            </Button>
          </form>
        </header>
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 lg:py-8"
        >
          {org.suspendedAt && <SuspendedBanner since={org.suspendedAt} />}
          {children}
        </main>
      </div>
    </div>
  );
}

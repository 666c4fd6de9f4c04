import { KeyRound } from "lucide-react";
import Link from "next/link";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { ButtonLink } from "@/components/ui/button";
import { AccountMenu } from "./account-menu";

const link = "rounded-md px-3 py-2 text-slate-700 hover:bg-slate-100";

export function PortalHeader({
  org,
  developer,
  logoUrl,
}: {
  org: { slug: string; name: string };
  developer: { name: string; email: string } | null;
  /** The logo's address (Settings → Branding), or null for the default mark. */
  logoUrl: string | null;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <Link
          href={`/${org.slug}`}
          className="flex items-center gap-2 font-semibold text-slate-900"
        >
          {logoUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- our own, already-sized route
            <img src={logoUrl} alt="" className="h-7 w-auto max-w-32 object-contain" />
          ) : (
            <KeyRound className="size-5 text-brand-600" aria-hidden />
          )}
          {org.name} <span className="font-normal text-slate-600">Developers</span>
        </Link>
        <nav aria-label="Portal" className="flex flex-wrap items-center gap-1 text-sm">
          <Link className={link} href={`/${org.slug}/catalog`}>
            Catalog
          </Link>
          {developer ? (
            <>
              <Link className={link} href={`/${org.slug}/dashboard`}>
                Dashboard
              </Link>
              <Link className={link} href={`/${org.slug}/keys`}>
                My keys
              </Link>
              <AccountMenu org={org.slug} email={developer.email} />
            </>
          ) : (
            <>
              <Link className={link} href={`/${org.slug}/login`}>
                Log in
              </Link>
              <ButtonLink href={`/${org.slug}/signup`} size="sm">
                Sign up
              </ButtonLink>
            </>
          )}
          <ThemeToggle />
        </nav>
      </div>
    </header>
  );
}

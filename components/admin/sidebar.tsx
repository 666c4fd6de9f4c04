"use client";
import { KeyRound, Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { ADMIN_NAV } from "./nav-items";

function isActive(pathname: string, href: string) {
  return href === "/admin"
    ? pathname === "/admin"
    : pathname === href || pathname.startsWith(`${href}/`);
}

/** Sidebar on desktop; a toggled menu on narrow screens. */
export function AdminSidebar({
  orgName,
  badges = {},
  isOwner = false,
  isOperator = false,
}: {
  orgName: string;
  badges?: Record<string, number>;
  /** Shows the owners-only areas (Team). */
  isOwner?: boolean;
  /** Shows the install operator's areas (Organisations). */
  isOperator?: boolean;
}) {
  const pathname = usePathname();
  const items = ADMIN_NAV.filter(
    (item) => (isOwner || !("ownerOnly" in item)) && (isOperator || !("operatorOnly" in item)),
  );
  const [open, setOpen] = useState(false);
  return (
    <>
      <div className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 lg:hidden">
        <span className="flex items-center gap-2 font-semibold text-brand-700">
          <KeyRound className="size-5" aria-hidden /> Gatehouse
        </span>
        <button
          type="button"
          className="rounded-md p-2 text-slate-700 hover:bg-slate-100"
          aria-expanded={open}
          aria-controls="admin-nav"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? <X className="size-5" aria-hidden /> : <Menu className="size-5" aria-hidden />}
          <span className="sr-only">{open ? "Close menu" : "Open menu"}</span>
        </button>
      </div>
      <nav
        id="admin-nav"
        aria-label="Admin console"
        className={cn(
          "border-r border-slate-200 bg-white lg:block lg:w-60 lg:shrink-0",
          open ? "block" : "hidden",
        )}
      >
        <div className="hidden items-center gap-2 px-5 pt-5 font-semibold text-brand-700 lg:flex">
          <KeyRound className="size-5" aria-hidden /> Gatehouse
        </div>
        <p className="px-5 pt-1 pb-3 text-xs text-slate-600 lg:pt-1">{orgName}</p>
        <ul className="space-y-0.5 px-2 pb-4">
          {items.map(({ href, label, icon: Icon }) => {
            const active = isActive(pathname, href);
            return (
              <li key={href}>
                <Link
                  href={href}
                  onClick={() => setOpen(false)}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    // The current page keeps a border in forced colours (backgrounds are dropped
                    // there); the others' borders take the page colour (WCAG 1.4.11).
                    "flex items-center gap-3 rounded-md border px-3 py-2 text-sm",
                    active
                      ? "border-transparent bg-brand-50 font-medium text-brand-800"
                      : "border-transparent text-slate-700 hover:bg-slate-100 forced-colors:border-[Canvas]",
                  )}
                >
                  <Icon className="size-4" aria-hidden />
                  {label}
                  {badges[href] ? (
                    <span
                      className="ml-auto rounded-full bg-amber-100 px-2 text-xs font-semibold text-amber-900"
                      aria-label={`${badges[href]} pending`}
                    >
                      {badges[href]}
                    </span>
                  ) : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}

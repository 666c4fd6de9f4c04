import {
  Activity,
  BookOpen,
  Building2,
  Gauge,
  Inbox,
  KeyRound,
  LayoutDashboard,
  Network,
  ScrollText,
  Settings,
  ShieldCheck,
  Ticket,
  UserCog,
  Users,
  Webhook,
} from "lucide-react";

/** Every area of the admin console, in the order of the sidebar. */
export const ADMIN_NAV = [
  { href: "/admin", label: "Overview", icon: LayoutDashboard },
  { href: "/admin/developers", label: "Developers", icon: Users },
  { href: "/admin/keys", label: "Keys", icon: KeyRound },
  { href: "/admin/key-requests", label: "Key requests", icon: Ticket },
  { href: "/admin/catalog", label: "Catalog", icon: BookOpen },
  { href: "/admin/policies", label: "Policies", icon: ShieldCheck },
  { href: "/admin/apis", label: "APIs", icon: Network },
  { href: "/admin/usage", label: "Usage", icon: Activity },
  { href: "/admin/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/admin/tokens", label: "API & gateway tokens", icon: Gauge },
  { href: "/admin/mailbox", label: "Mailbox", icon: Inbox },
  { href: "/admin/audit", label: "Audit log", icon: ScrollText },
  { href: "/admin/settings", label: "Settings", icon: Settings },
  // Owners only (R-SEC-ADMINS): the sidebar hides it from admins and viewers.
  { href: "/admin/team", label: "Team", icon: UserCog, ownerOnly: true },
  // The install operator only (R-ORG-CREATE, lib/orgs/operator.ts).
  { href: "/admin/organisations", label: "Organisations", icon: Building2, operatorOnly: true },
] as const;

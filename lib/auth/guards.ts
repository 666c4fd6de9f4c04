import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { getAdmin } from "@/db/queries/admins";
import { getDeveloper } from "@/db/queries/developers";
import { getOrganisation, getOrganisationBySlug } from "@/db/queries/organisations";
import type { AdminUser, Developer, Organisation } from "@/db/schema";
import { isPortalSlug } from "@/lib/validation/ids";
import { auth } from "./index";

export type AdminRole = AdminUser["role"];
const RANK: Record<AdminRole, number> = { viewer: 0, admin: 1, owner: 2 };

export function roleAllows(role: AdminRole, needed: AdminRole): boolean {
  return RANK[role] >= RANK[needed];
}

export type AdminContext = { admin: AdminUser; org: Organisation; orgId: string };
export type DeveloperContext = { developer: Developer; org: Organisation; orgId: string };

/** The signed-in admin, re-checked against the database (status, session version), or null. */
export const getAdminContext = cache(async (): Promise<AdminContext | null> => {
  const claims = (await auth())?.claims;
  if (claims?.kind !== "admin") return null;
  const db = getDb();
  const admin = await getAdmin(db, claims.orgId, claims.uid);
  if (!admin || admin.status !== "active" || admin.sessionVersion !== claims.sv) return null;
  const org = await getOrganisation(db, admin.orgId);
  return org ? { admin, org, orgId: org.id } : null;
});

/** For pages and layouts: sends a visitor without a valid admin session to the login page. */
export async function requireAdmin(): Promise<AdminContext> {
  const ctx = await getAdminContext();
  if (!ctx) redirect("/admin/login");
  return ctx;
}

/** The signed-in developer of this organisation (by portal slug), re-checked, or null. */
export const getDeveloperContext = cache(
  async (orgSlug: string): Promise<DeveloperContext | null> => {
    const claims = (await auth())?.claims;
    if (claims?.kind !== "developer") return null;
    const db = getDb();
    const developer = await getDeveloper(db, claims.orgId, claims.uid);
    if (!developer || developer.status !== "active" || developer.sessionVersion !== claims.sv)
      return null;
    const org = await getOrganisation(db, developer.orgId);
    // A session of organisation A is worth nothing under /B/….
    if (!org || org.slug !== orgSlug) return null;
    return { developer, org, orgId: org.id };
  },
);

export async function requireDeveloper(orgSlug: string): Promise<DeveloperContext> {
  // Never a redirect to a Location built from a malformed slug.
  if (!isPortalSlug(orgSlug)) notFound();
  const ctx = await getDeveloperContext(orgSlug);
  if (!ctx) redirect(`/${orgSlug}/login`);
  return ctx;
}

/** The organisation of a portal URL; 404 for an unknown slug. */
export const requirePortalOrg = cache(async (orgSlug: string): Promise<Organisation> => {
  const org = isPortalSlug(orgSlug) ? await getOrganisationBySlug(getDb(), orgSlug) : null;
  if (!org) notFound();
  return org;
});

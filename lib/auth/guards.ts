import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { getAdmin } from "@/db/queries/admins";
import { getDeveloper } from "@/db/queries/developers";
import { getOrganisation, getOrganisationBySlug } from "@/db/queries/organisations";
import type { AdminUser, Developer, Organisation } from "@/db/schema";
import { checkSession } from "@/lib/sessions/sessions";
import { isPortalSlug } from "@/lib/validation/ids";
import { auth } from "./index";
import type { SessionTokenClaims } from "./session-token";

export type AdminRole = AdminUser["role"];
const RANK: Record<AdminRole, number> = { viewer: 0, admin: 1, owner: 2 };

export function roleAllows(role: AdminRole, needed: AdminRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** `sessionId`: the server-side session of this request (R-SEC-SESSIONS). */
export type AdminContext = {
  admin: AdminUser;
  org: Organisation;
  orgId: string;
  sessionId: string;
};
export type DeveloperContext = {
  developer: Developer;
  org: Organisation;
  orgId: string;
  sessionId: string;
};

/**
 * The session row the JWT names, by id AND organisation AND subject, if still live (not
 * logged out, not idle, not past its absolute expiry). Without it the cookie is worth nothing.
 */
async function liveSession(claims: Pick<SessionTokenClaims, "kind" | "uid" | "orgId" | "sid">) {
  if (typeof claims.sid !== "string") return null;
  return checkSession(getDb(), {
    orgId: claims.orgId,
    subjectType: claims.kind,
    subjectId: claims.uid,
    sessionId: claims.sid,
  });
}

/** The signed-in admin, re-checked against the database (session row, status, version), or null. */
export const getAdminContext = cache(async (): Promise<AdminContext | null> => {
  const claims = (await auth())?.claims;
  if (claims?.kind !== "admin") return null;
  const db = getDb();
  const [session, admin] = await Promise.all([
    liveSession(claims),
    getAdmin(db, claims.orgId, claims.uid),
  ]);
  if (!session || !admin || admin.status !== "active" || admin.sessionVersion !== claims.sv)
    return null;
  const org = await getOrganisation(db, admin.orgId);
  return org ? { admin, org, orgId: org.id, sessionId: session.id } : null;
});

/** For pages and layouts: sends a visitor without a valid admin session to the login page. */
export async function requireAdmin(): Promise<AdminContext> {
  const ctx = await getAdminContext();
  if (!ctx) redirect("/admin/login");
  // R-SEC-ADMINS: until they set up the two-factor their organisation requires, an admin sees
  // only the set-up page (every admin action refuses too: lib/actions/safe-action.ts).
  if (mustSetUpTwoFactor(ctx)) redirect("/admin/two-factor");
  return ctx;
}

/** The organisation requires two-factor of its admins and this one has not turned it on. */
export function mustSetUpTwoFactor(ctx: { admin: AdminUser; org: Organisation }): boolean {
  return ctx.org.requireAdminTwoFactor && !ctx.admin.totpEnabledAt;
}

/** The signed-in developer of this organisation (by portal slug), re-checked, or null. */
export const getDeveloperContext = cache(
  async (orgSlug: string): Promise<DeveloperContext | null> => {
    const claims = (await auth())?.claims;
    if (claims?.kind !== "developer") return null;
    const db = getDb();
    const [session, developer] = await Promise.all([
      liveSession(claims),
      getDeveloper(db, claims.orgId, claims.uid),
    ]);
    if (
      !session ||
      !developer ||
      developer.status !== "active" ||
      developer.sessionVersion !== claims.sv
    )
      return null;
    const org = await getOrganisation(db, developer.orgId);
    // A session of organisation A is worth nothing under /B/…; nor one of a suspended portal.
    if (!org || org.slug !== orgSlug || org.suspendedAt) return null;
    return { developer, org, orgId: org.id, sessionId: session.id };
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

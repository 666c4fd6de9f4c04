import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { isPortalSlug } from "@/lib/validation/ids";
import { longestSessionSeconds } from "@/lib/sessions/policy";
import type { ClientInfo } from "@/lib/sessions/sessions";
import { clientAddress } from "@/lib/throttle/client-address";
import { loginAccount } from "@/lib/throttle/login";
import { authorizeThrottled } from "@/lib/throttle/sign-in";
import { adminCredentials, authorizeAdmin } from "./admin-authorize";
import { authenticateDeveloper, type SessionClaims } from "./credentials";
import { sessionCookieConfig } from "./session-cookie";
import {
  clientInfoFromHeaders,
  closeSession,
  encodeSessionToken,
  openSession,
  type SessionTokenClaims,
  sessionClaimsSchema,
} from "./session-token";
import { authLogger } from "./logger";

declare module "next-auth" {
  interface Session {
    claims?: SessionTokenClaims;
    user?: DefaultSession["user"];
  }
  interface User {
    claims?: SessionClaims;
    /** Browser and address of the login request, for the session row (R-SEC-SESSIONS). */
    client?: ClientInfo;
  }
}

// The callback endpoint can be posted to directly: refuse what the login forms would (no query
// with a NUL in it, no 1 MB password to hash).
const developerCredentials = adminCredentials.extend({
  org: z.string().refine(isPortalSlug),
});

/**
 * One next-auth instance, two credential providers. JWT sessions carry who (kind, id),
 * where (organisation) and the session version; guards re-check all three in the database.
 * The config is built lazily so AUTH_SECRET comes from lib/env at request time.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  logger: authLogger,
  // The longest absolute timeout; each token is capped at its own session's expiry, and the
  // guards refuse a session whose row is gone, idle or expired (R-SEC-SESSIONS).
  session: { strategy: "jwt", maxAge: longestSessionSeconds(env()) },
  jwt: { encode: encodeSessionToken },
  ...sessionCookieConfig(env().APP_URL),
  pages: { signIn: "/admin/login" },
  providers: [
    Credentials({
      id: "admin",
      // Password step, or the two-factor code step (R-SEC-ADMINS): lib/auth/admin-authorize.ts.
      credentials: { email: {}, password: {}, challenge: {}, code: {} },
      authorize: (raw, request) => authorizeAdmin(raw, request?.headers),
    }),
    Credentials({
      id: "developer",
      credentials: { org: {}, email: {}, password: {} },
      async authorize(raw, request) {
        const input = developerCredentials.safeParse(raw);
        if (!input.success) return null;
        const { org, email, password } = input.data;
        const claims = await authorizeThrottled(
          {
            account: loginAccount("developer", email, org),
            address: clientAddress(request?.headers, env().TRUSTED_PROXY_HOPS),
          },
          () => authenticateDeveloper(getDb(), org, email, password),
        );
        return claims
          ? { id: claims.uid, claims, client: clientInfoFromHeaders(request?.headers) }
          : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      // A login: the server-side session row is created and named in the token.
      if (user?.claims) token.claims = await openSession(user.claims, user.client);
      return token;
    },
    session({ session, token }) {
      const parsed = sessionClaimsSchema.safeParse(token.claims);
      return { ...session, claims: parsed.success ? parsed.data : undefined };
    },
  },
  events: {
    // Logout ends the session on the server: a copy of the cookie is refused afterwards.
    async signOut(message) {
      if ("token" in message) await closeSession(message.token);
    },
  },
}));

export type { SessionClaims };

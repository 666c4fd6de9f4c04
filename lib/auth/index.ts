import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { authenticateAdmin, authenticateDeveloper, type SessionClaims } from "./credentials";

declare module "next-auth" {
  interface Session {
    claims?: SessionClaims;
    user?: DefaultSession["user"];
  }
  interface User {
    claims?: SessionClaims;
  }
}

const claimsSchema = z.object({
  kind: z.enum(["admin", "developer"]),
  uid: z.string(),
  orgId: z.string(),
  sv: z.number().int(),
});
const adminCredentials = z.object({ email: z.string().min(1), password: z.string().min(1) });
const developerCredentials = adminCredentials.extend({ org: z.string().min(1) });

/**
 * One next-auth instance, two credential providers. JWT sessions carry who (kind, id),
 * where (organisation) and the session version; guards re-check all three in the database.
 * The config is built lazily so AUTH_SECRET comes from lib/env at request time.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
  pages: { signIn: "/admin/login" },
  providers: [
    Credentials({
      id: "admin",
      credentials: { email: {}, password: {} },
      async authorize(raw) {
        const input = adminCredentials.safeParse(raw);
        if (!input.success) return null;
        const claims = await authenticateAdmin(getDb(), input.data.email, input.data.password);
        return claims ? { id: claims.uid, claims } : null;
      },
    }),
    Credentials({
      id: "developer",
      credentials: { org: {}, email: {}, password: {} },
      async authorize(raw) {
        const input = developerCredentials.safeParse(raw);
        if (!input.success) return null;
        const { org, email, password } = input.data;
        const claims = await authenticateDeveloper(getDb(), org, email, password);
        return claims ? { id: claims.uid, claims } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.claims) token.claims = user.claims;
      return token;
    },
    session({ session, token }) {
      const parsed = claimsSchema.safeParse(token.claims);
      return { ...session, claims: parsed.success ? parsed.data : undefined };
    },
  },
}));

export type { SessionClaims };

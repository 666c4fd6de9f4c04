import type { User } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db";
import { beginAdminLogin, completeAdminLogin } from "@/lib/admins/login";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/throttle/client-address";
import { loginAccount } from "@/lib/throttle/login";
import { authorizeThrottled } from "@/lib/throttle/sign-in";
import { singleLineText } from "@/lib/validation/text";
import { AdminCodeRequired, AdminLoginRefused } from "./admin-login-error";
import { clientInfoFromHeaders } from "./session-token";

// The callback endpoint can be posted to directly: refuse what the login forms would (no query
// with a NUL in it, no 1 MB password to hash).
export const adminCredentials = z.object({
  email: singleLineText().min(1).max(254),
  password: z.string().min(1).max(1000),
});
// Second step of a two-factor login (R-SEC-ADMINS): the signed challenge and a code.
const adminCodeStep = z.object({
  challenge: z.string().min(1).max(1000),
  code: singleLineText().min(1).max(100),
});

/**
 * The `admin` provider's authorize, for the login form and direct callback POSTs alike. Email and
 * password: an admin without two-factor gets a user; one with two-factor gets AdminCodeRequired
 * (carrying the challenge), never a user. Challenge and code: the user once the code is right.
 * R-SEC-THROTTLE counts both steps per client address before any work; the password step also
 * per account (a right password clears it — wrong codes have their own limit per admin).
 */
export async function authorizeAdmin(
  raw: unknown,
  headers: Headers | undefined,
): Promise<User | null> {
  const address = clientAddress(headers, env().TRUSTED_PROXY_HOPS);
  const user = (claims: NonNullable<User["claims"]>): User => ({
    id: claims.uid,
    claims,
    client: clientInfoFromHeaders(headers),
  });
  const step = adminCodeStep.safeParse(raw);
  if (step.success) {
    const { challenge, code } = step.data;
    const claims = await authorizeThrottled({ account: null, address }, async () => {
      const r = await completeAdminLogin(getDb(), challenge, code);
      if (!r.ok) throw new AdminLoginRefused(r.reason);
      return r.claims;
    });
    return claims ? user(claims) : null;
  }
  const input = adminCredentials.safeParse(raw);
  if (!input.success) return null;
  const { email, password } = input.data;
  const r = await authorizeThrottled({ account: loginAccount("admin", email), address }, () =>
    beginAdminLogin(getDb(), email, password).then((x) => (x.ok ? x : null)),
  );
  if (!r) return null;
  if (r.needsCode) throw new AdminCodeRequired(r.challenge);
  return user(r.claims);
}

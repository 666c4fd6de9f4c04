/**
 * The session cookie's name and options (R-SEC-SESSIONS). Behind HTTPS — the configured public
 * URL (APP_URL) is https — it is `__Host-authjs.session-token`: Secure, Path=/, no Domain, so
 * the browser refuses it over plain HTTP and no sibling subdomain can set or shadow it. Locally
 * over http a browser would drop a Secure cookie, so the name carries no prefix.
 */
export const SESSION_COOKIE = "authjs.session-token";

export type SessionCookieConfig = {
  useSecureCookies: boolean;
  cookies: {
    sessionToken: {
      name: string;
      options: {
        httpOnly: true;
        sameSite: "lax";
        path: "/";
        secure: boolean;
      };
    };
  };
};

export function sessionCookieConfig(appUrl: string | null | undefined): SessionCookieConfig {
  const secure = appUrl?.toLowerCase().startsWith("https:") ?? false;
  return {
    // Also next-auth's other cookies (CSRF, callback URL) then get their secure names.
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE,
        // No `domain`: a __Host- cookie must not have one, and no cookie of ours needs one.
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
  };
}

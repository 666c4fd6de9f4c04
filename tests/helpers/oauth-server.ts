import type { Db } from "@/db";
import {
  handleIntrospect,
  handleJwks,
  handleMetadata,
  handleToken,
  MAX_FORM_BYTES,
  type OauthResponse,
} from "@/lib/oauth/http";

/**
 * The OAuth endpoints of lib/oauth/http.ts served in-process on a test database, as a fetch
 * function: openid-client and jose's remote JWKS (customFetch) talk to it exactly as they would
 * to the deployed routes (app/api/oauth/[org]/*, app/[org]/.well-known/*), addresses from APP_URL.
 */
export function oauthFetch(getDb: () => Db) {
  return async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const header = (name: string) => request.headers.get(name);
    const body = await request.text();
    if (body.length > MAX_FORM_BYTES) return new Response("{}", { status: 413 });
    const db = getDb();
    let r: OauthResponse | null = null;
    let m: RegExpExecArray | null;
    if ((m = /^\/([^/]+)\/\.well-known\/oauth-authorization-server$/.exec(url.pathname)))
      r = await handleMetadata(db, decodeURIComponent(m[1] ?? ""));
    else if ((m = /^\/\.well-known\/oauth-authorization-server\/([^/]+)$/.exec(url.pathname)))
      r = await handleMetadata(db, decodeURIComponent(m[1] ?? ""));
    else if ((m = /^\/api\/oauth\/([^/]+)\/(token|introspect|jwks)$/.exec(url.pathname))) {
      const org = decodeURIComponent(m[1] ?? "");
      if (m[2] === "jwks") r = await handleJwks(db, org);
      else if (request.method !== "POST") return new Response(null, { status: 405 });
      else if (m[2] === "token") r = await handleToken(db, org, header, body);
      else r = await handleIntrospect(db, org, header, body);
    }
    if (!r) return new Response(null, { status: 404 });
    return new Response(r.body, { status: r.status, headers: r.headers });
  };
}

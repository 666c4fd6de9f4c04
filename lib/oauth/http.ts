import { z } from "zod";
import type { Db } from "@/db";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import type { Organisation } from "@/db/schema";
import { findApiTokenByHash } from "@/db/queries/gateway";
import { sha256Hex } from "@/lib/crypto";
import { isRecordSlug } from "@/lib/validation/ids";
import { serverMetadata } from "./issuer";
import { jwksOf } from "./signing";
import { authenticateClient, introspect, issueAccessToken } from "./tokens";

/**
 * The OAuth endpoints over HTTP (R-OAUTH-CLIENTS), independent of the server, as
 * lib/gateway/http.ts is for the gateway: the route handlers turn a request into these calls.
 * Errors follow RFC 6749 §5.2 (`{error, error_description}`); every answer is JSON and
 * `Cache-Control: no-store` (tokens, RFC 6749 §5.1) or a short public cache (keys, metadata).
 */
export type OauthResponse = { status: number; headers: Record<string, string>; body: string };
export type HeaderGetter = (name: string) => string | null | undefined;

/** A form body this large is not a token request (a client id, a secret and a few scopes). */
export const MAX_FORM_BYTES = 8 * 1024;

const JSON_TYPE = "application/json; charset=utf-8";
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

type OauthError =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope";

function json(status: number, value: unknown, headers: Record<string, string> = NO_STORE) {
  return {
    status,
    headers: { "content-type": JSON_TYPE, ...headers },
    body: JSON.stringify(value),
  };
}

export function oauthError(
  error: OauthError,
  description: string,
  status = error === "invalid_client" ? 401 : 400,
  headers: Record<string, string> = {},
): OauthResponse {
  return json(status, { error, error_description: description }, { ...NO_STORE, ...headers });
}

function notFound(): OauthResponse {
  return oauthError("invalid_request", "No organisation has this address.", 404);
}

async function orgOf(db: Db, slug: string): Promise<Organisation | null> {
  return isRecordSlug(slug) ? getOrganisationBySlug(db, slug) : null;
}

// RFC 6749 appendix A: client ids and secrets are VSCHAR (%x20-7E); scope tokens NQCHAR.
const VSCHAR = /^[\x20-\x7e]{1,200}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+(?: [\x21\x23-\x5b\x5d-\x7e]+)*$/;

type Form = { get: (name: string) => string | null; error: OauthResponse | null };

/** The token request's parameters (RFC 6749 §4.4.2); client credentials are checked apart. */
export const tokenFormSchema = z.object({
  grant_type: z.string("grant_type is required.").min(1, "grant_type is required."),
  scope: z
    .string()
    .regex(SCOPE, "scope is a space-separated list of API slugs.")
    .max(1000, "scope is too long.")
    .optional(),
});

/** The introspection request's parameters (RFC 7662 §2.1). */
export const introspectFormSchema = z.object({
  token: z
    .string("token is required.")
    .min(1, "token is required.")
    .max(4096, "token is too long."),
  token_type_hint: z.string().max(100).optional(),
});

/** A form refused by its schema: the first problem, as an RFC 6749 error (`scope` → invalid_scope). */
function formProblem(error: z.ZodError): OauthResponse {
  const first = error.issues[0];
  return oauthError(
    first?.path[0] === "scope" ? "invalid_scope" : "invalid_request",
    first?.message ?? "The request is not valid.",
  );
}

const fields = (form: Form, names: string[]) =>
  Object.fromEntries(names.flatMap((n) => (form.get(n) === null ? [] : [[n, form.get(n)]])));

/** application/x-www-form-urlencoded only; a parameter sent twice is refused (RFC 6749 §3.2). */
function parseForm(header: HeaderGetter, body: string): Form {
  const type = header("content-type")?.split(";")[0]?.trim().toLowerCase();
  const refuse = (message: string) => ({
    get: () => null,
    error: oauthError("invalid_request", message),
  });
  if (type !== "application/x-www-form-urlencoded")
    return refuse("Send the parameters as application/x-www-form-urlencoded.");
  const params = new URLSearchParams(body);
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (seen.has(name))
      return refuse(`The parameter ${name.slice(0, 40)} was sent more than once.`);
    seen.add(name);
    // URLSearchParams turns broken %-escapes into U+FFFD and keeps control characters: refuse both.
    if (/[\u0000-\u001f\u007f\ufffd]/.test(value) || value.length > 2000)
      return refuse(
        `The parameter ${name.slice(0, 40).replace(/[^\x20-\x7e]/g, "?")} is not valid.`,
      );
  }
  return { get: (name) => params.get(name), error: null };
}

type ClientCredentials =
  | { ok: true; clientId: string; clientSecret: string; method: "basic" | "post" }
  | { ok: false; response: OauthResponse };

function basicChallenge(orgSlug: string) {
  return { "www-authenticate": `Basic realm="${orgSlug}", charset="UTF-8"` };
}

/** client_secret_basic (RFC 6749 §2.3.1: form-encoded id and secret) or client_secret_post; never both. */
function clientCredentials(orgSlug: string, header: HeaderGetter, form: Form): ClientCredentials {
  const auth = header("authorization")?.trim() ?? "";
  const postId = form.get("client_id");
  const postSecret = form.get("client_secret");
  const invalid = (description: string, basic = false): ClientCredentials => ({
    ok: false,
    response: oauthError("invalid_client", description, 401, basic ? basicChallenge(orgSlug) : {}),
  });
  if (/^basic\s/i.test(auth)) {
    if (postSecret !== null)
      return {
        ok: false,
        response: oauthError("invalid_request", "Use one client authentication method, not two."),
      };
    try {
      const raw = Buffer.from(auth.replace(/^basic\s+/i, ""), "base64").toString("utf8");
      const colon = raw.indexOf(":");
      if (colon < 1) return invalid("The Basic credentials are not client_id:client_secret.", true);
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
      const clientId = dec(raw.slice(0, colon));
      const clientSecret = dec(raw.slice(colon + 1));
      if (!VSCHAR.test(clientId) || !VSCHAR.test(clientSecret))
        return invalid("Client authentication failed.", true);
      if (postId !== null && postId !== clientId)
        return {
          ok: false,
          response: oauthError("invalid_request", "client_id differs from the Basic credentials."),
        };
      return { ok: true, clientId, clientSecret, method: "basic" };
    } catch {
      return invalid("The Basic credentials are not valid.", true);
    }
  }
  if (auth) return invalid("Authenticate with HTTP Basic or client_secret_post.", true);
  if (postId === null || postSecret === null)
    return invalid(
      "Client authentication is required (client_secret_basic or client_secret_post).",
      true,
    );
  if (!VSCHAR.test(postId) || !VSCHAR.test(postSecret))
    return invalid("Client authentication failed.");
  return { ok: true, clientId: postId, clientSecret: postSecret, method: "post" };
}

/** POST /api/oauth/<org>/token — RFC 6749 §4.4 client credentials. */
export async function handleToken(
  db: Db,
  orgSlug: string,
  header: HeaderGetter,
  body: string,
): Promise<OauthResponse> {
  const org = await orgOf(db, orgSlug);
  if (!org) return notFound();
  const form = parseForm(header, body);
  if (form.error) return form.error;
  const parsed = tokenFormSchema.safeParse(fields(form, ["grant_type", "scope"]));
  if (!parsed.success) return formProblem(parsed.error);
  if (parsed.data.grant_type !== "client_credentials")
    return oauthError("unsupported_grant_type", "Only grant_type=client_credentials is supported.");
  const creds = clientCredentials(org.slug, header, form);
  if (!creds.ok) return creds.response;
  const out = await issueAccessToken(db, org, {
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    scope: parsed.data.scope ?? null,
  });
  if (out.ok) return json(200, out.value);
  if (out.reason === "forbidden")
    return oauthError(
      "invalid_client",
      out.message,
      401,
      creds.method === "basic" ? basicChallenge(org.slug) : {},
    );
  if (out.reason === "invalid") return oauthError("invalid_scope", out.message);
  return oauthError("unauthorized_client", out.message);
}

/**
 * POST /api/oauth/<org>/introspect — RFC 7662. The caller is a client of the organisation (it sees
 * its own tokens) or holds a management token of the organisation (it sees all of them).
 */
export async function handleIntrospect(
  db: Db,
  orgSlug: string,
  header: HeaderGetter,
  body: string,
): Promise<OauthResponse> {
  const org = await orgOf(db, orgSlug);
  if (!org) return notFound();
  const form = parseForm(header, body);
  if (form.error) return form.error;
  let caller: string | null;
  const bearer = /^bearer\s+(\S{1,200})$/i.exec(header("authorization")?.trim() ?? "");
  if (/^bearer\s/i.test(header("authorization")?.trim() ?? "")) {
    const who = bearer?.[1]
      ? await findApiTokenByHash(db, sha256Hex(bearer[1]), "management")
      : null;
    if (!who || who.revokedAt || who.orgId !== org.id)
      return oauthError("invalid_client", "The management token is not valid here.", 401, {
        "www-authenticate": `Bearer realm="${org.slug}"`,
      });
    caller = null;
  } else {
    const creds = clientCredentials(org.slug, header, form);
    if (!creds.ok) return creds.response;
    const client = await authenticateClient(db, org.id, creds.clientId, creds.clientSecret);
    if (!client)
      return oauthError(
        "invalid_client",
        "Client authentication failed.",
        401,
        creds.method === "basic" ? basicChallenge(org.slug) : {},
      );
    caller = client.clientId;
  }
  const parsed = introspectFormSchema.safeParse(fields(form, ["token", "token_type_hint"]));
  if (!parsed.success) return formProblem(parsed.error);
  return json(200, await introspect(db, org, parsed.data.token, caller));
}

const PUBLIC_CACHE = { "cache-control": "public, max-age=300" };

/** GET /api/oauth/<org>/jwks — the public keys that verify the organisation's access tokens. */
export async function handleJwks(db: Db, orgSlug: string): Promise<OauthResponse> {
  const org = await orgOf(db, orgSlug);
  if (!org) return notFound();
  return json(200, await jwksOf(db, org.id), PUBLIC_CACHE);
}

/** GET /<org>/.well-known/oauth-authorization-server — RFC 8414 metadata. */
export async function handleMetadata(db: Db, orgSlug: string): Promise<OauthResponse> {
  const org = await orgOf(db, orgSlug);
  if (!org) return notFound();
  return json(200, serverMetadata(org.slug), PUBLIC_CACHE);
}

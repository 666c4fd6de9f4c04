import { z } from "zod";
import type { SpecModule } from "./common";

/**
 * The OAuth authorization server of each organisation (R-OAUTH-CLIENTS, lib/oauth/http.ts):
 * client-credentials tokens, introspection, JWKS and RFC 8414 metadata. Not the management API:
 * clients authenticate with their own id and secret, and errors are RFC 6749 §5.2 bodies.
 */
const tag = "OAuth";

const orgParam = z.object({
  org: z
    .string()
    .meta({ description: "The organisation's slug (its portal's path).", example: "acme" }),
});

const oauthErrorSchema = z
  .object({
    error: z.enum([
      "invalid_request",
      "invalid_client",
      "invalid_grant",
      "unauthorized_client",
      "unsupported_grant_type",
      "invalid_scope",
    ]),
    error_description: z.string(),
  })
  .meta({ id: "OAuthError", description: "RFC 6749 §5.2 error response." });

const oauthError = (description: string) => ({
  description,
  content: { "application/json": { schema: oauthErrorSchema } },
});

const clientAuth = z.object({
  client_id: z.string().max(200).optional().meta({
    description: "client_secret_post: the client id (or send both by HTTP Basic).",
  }),
  client_secret: z.string().max(200).optional().meta({
    description: "client_secret_post: the client secret.",
  }),
});

const tokenRequest = clientAuth
  .extend({
    grant_type: z.literal("client_credentials"),
    scope: z.string().max(2000).optional().meta({
      description:
        "Space-separated API slugs; default: every OAuth API the client's policies open.",
    }),
  })
  .meta({ id: "TokenRequest" });

const tokenResponse = z
  .object({
    access_token: z.string().meta({ description: "An RFC 9068 JWT (ES256, `typ: at+jwt`)." }),
    token_type: z.literal("Bearer"),
    expires_in: z.int().meta({ example: 3600 }),
    scope: z.string(),
  })
  .meta({ id: "TokenResponse" });

const introspectionRequest = clientAuth
  .extend({ token: z.string().max(2000), token_type_hint: z.string().optional() })
  .meta({ id: "IntrospectionRequest" });

const introspectionResponse = z
  .object({
    active: z.boolean(),
    scope: z.string().optional(),
    client_id: z.string().optional(),
    sub: z.string().optional(),
    token_type: z.literal("Bearer").optional(),
    exp: z.int().optional(),
    iat: z.int().optional(),
    iss: z.string().optional(),
    aud: z.string().optional(),
    jti: z.string().optional(),
  })
  .meta({
    id: "IntrospectionResponse",
    description: "RFC 7662; inactive tokens are `{active:false}`.",
  });

const jwks = z
  .object({
    keys: z.array(z.object({ kid: z.string(), kty: z.string(), alg: z.string() }).loose()),
  })
  .meta({ id: "JWKS" });

const metadata = z
  .object({
    issuer: z.url(),
    token_endpoint: z.url(),
    introspection_endpoint: z.url(),
    jwks_uri: z.url(),
    grant_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
  })
  .loose()
  .meta({ id: "AuthorizationServerMetadata", description: "RFC 8414." });

const FORM = "application/x-www-form-urlencoded";
const noStore = { "Cache-Control": z.literal("no-store") };
const notFound = oauthError("No organisation has this slug.");
const clientSecurity: Array<Record<string, string[]>> = [{ oauthClientBasic: [] }, {}];

export const oauthSpec: SpecModule = {
  tag: {
    name: tag,
    description:
      "Each organisation's OAuth 2.0 authorization server for developers' OAuth clients: client-credentials tokens (JWT access tokens for APIs whose auth type is OAuth), introspection, JWKS, metadata.",
  },
  paths: {
    "/api/oauth/{org}/token": {
      post: {
        operationId: "oauthToken",
        summary: "Get an access token (client credentials)",
        description:
          "RFC 6749 §4.4. Authenticate with HTTP Basic (client_secret_basic) or client_id and client_secret in the form (client_secret_post), never both.",
        tags: [tag],
        security: clientSecurity,
        requestParams: { path: orgParam },
        requestBody: { required: true, content: { [FORM]: { schema: tokenRequest } } },
        responses: {
          "200": {
            description: "The token.",
            headers: z.object(noStore),
            content: { "application/json": { schema: tokenResponse } },
          },
          "400": oauthError("Malformed request, unsupported grant type, or a scope not allowed."),
          "401": oauthError("Client authentication failed (WWW-Authenticate for Basic)."),
          "404": notFound,
          "413": oauthError("The body is over 8 KB."),
        },
      },
    },
    "/api/oauth/{org}/introspect": {
      post: {
        operationId: "oauthIntrospect",
        summary: "Introspect an access token",
        description:
          "RFC 7662. A client sees only its own tokens; a management token (Bearer) sees every token of the organisation.",
        tags: [tag],
        security: [...clientSecurity, { managementToken: [] }],
        requestParams: { path: orgParam },
        requestBody: { required: true, content: { [FORM]: { schema: introspectionRequest } } },
        responses: {
          "200": {
            description: "Whether the token is active, and its claims.",
            content: { "application/json": { schema: introspectionResponse } },
          },
          "400": oauthError("Malformed request or no token."),
          "401": oauthError("Caller authentication failed."),
          "404": notFound,
          "413": oauthError("The body is over 8 KB."),
        },
      },
    },
    "/api/oauth/{org}/jwks": {
      get: {
        operationId: "oauthJwks",
        summary: "The organisation's public signing keys",
        tags: [tag],
        security: [],
        requestParams: { path: orgParam },
        responses: {
          "200": { description: "JWK set.", content: { "application/json": { schema: jwks } } },
          "404": notFound,
        },
      },
    },
    "/{org}/.well-known/oauth-authorization-server": {
      get: {
        operationId: "oauthMetadata",
        summary: "Authorization server metadata",
        description:
          "RFC 8414; also served at `/.well-known/oauth-authorization-server/{org}`. The issuer is `APP_URL/{org}`.",
        tags: [tag],
        security: [],
        requestParams: { path: orgParam },
        responses: {
          "200": {
            description: "The metadata.",
            content: { "application/json": { schema: metadata } },
          },
          "404": notFound,
        },
      },
    },
  },
};

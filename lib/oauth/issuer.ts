import { appUrl } from "@/lib/url";

/**
 * Where an organisation's authorization server lives. Every URL comes from APP_URL (R-SEC-LINKS),
 * never from the request's Host: a token's `iss` must not depend on who asked.
 */
export function issuerOf(orgSlug: string): string {
  return `${appUrl()}/${orgSlug}`;
}

/** The `aud` of the organisation's access tokens: its APIs behind the gateway (RFC 9068 §3). */
export function audienceOf(orgSlug: string): string {
  return `${issuerOf(orgSlug)}/apis`;
}

export function oauthEndpoints(orgSlug: string) {
  const base = `${appUrl()}/api/oauth/${orgSlug}`;
  return {
    issuer: issuerOf(orgSlug),
    token_endpoint: `${base}/token`,
    introspection_endpoint: `${base}/introspect`,
    jwks_uri: `${base}/jwks`,
  };
}

/** RFC 8414 authorization server metadata of an organisation. */
export function serverMetadata(orgSlug: string) {
  return {
    ...oauthEndpoints(orgSlug),
    grant_types_supported: ["client_credentials"],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    service_documentation: `${appUrl()}/${orgSlug}/catalog`,
  };
}

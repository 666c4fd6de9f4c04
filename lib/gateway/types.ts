/**
 * The gateway contract's vocabulary: decision codes, their HTTP statuses and messages.
 * docs/GATEWAY.md lists the same table; keep both in step.
 */

export const DECISION_STATUS = {
  valid: 200,
  missing_key: 401,
  malformed_key: 401,
  unknown_key: 401,
  invalid_token: 401,
  oauth_required: 401,
  org_suspended: 403,
  key_revoked: 403,
  key_inactive: 403,
  developer_inactive: 403,
  key_expired: 403,
  ip_not_allowed: 403,
  unknown_api: 403,
  no_access: 403,
  method_not_allowed: 403,
  path_not_allowed: 403,
  rate_limited: 429,
  quota_exceeded: 429,
} as const;

export type DecisionCode = keyof typeof DECISION_STATUS;

export const DECISION_MESSAGE: Record<DecisionCode, string> = {
  valid: "The key may make this call.",
  missing_key:
    "No API key was sent (Authorization: Bearer, X-API-Key or the api_key query parameter).",
  malformed_key: "The API key is not a valid key (wrong shape or checksum).",
  unknown_key: "The API key is not known.",
  invalid_token:
    "The access token is not valid (signature, issuer, audience or expiry), or it was revoked.",
  oauth_required:
    "This API takes OAuth access tokens (client credentials), not API keys: send Authorization: Bearer <access token>.",
  org_suspended: "The organisation of this API key is suspended.",
  key_revoked: "The API key has been revoked.",
  key_inactive: "The API key is inactive.",
  developer_inactive: "The developer account of this key is inactive.",
  key_expired: "The API key has expired.",
  ip_not_allowed: "The API key may not be used from this address (its IP rules).",
  unknown_api: "No API is published at this path.",
  no_access: "The key's policies do not grant access to this API.",
  method_not_allowed: "The key's policies do not allow this method on this API.",
  path_not_allowed: "The key's policies do not allow this path on this API.",
  rate_limited: "Rate limit exceeded; retry later.",
  quota_exceeded: "Quota exhausted until it renews.",
};

/** Errors of the service itself (not decisions about a key), answered as problem details. */
export const SERVICE_ERROR_STATUS = {
  bad_request: 400,
  invalid_gateway_token: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unavailable: 503,
  internal_error: 500,
} as const;

export type ServiceErrorCode = keyof typeof SERVICE_ERROR_STATUS;

/**
 * True for a GatewayServiceError from any copy of this module: Next may bundle lib/gateway into
 * several server entries of one process, and the process-wide gateway (on globalThis) throws the
 * class of whichever entry created it, so `instanceof` alone would turn a 401 into a 500.
 */
export function isGatewayServiceError(err: unknown): err is GatewayServiceError {
  if (err instanceof GatewayServiceError) return true;
  const code: unknown =
    err instanceof Error ? (err as unknown as { code?: unknown }).code : undefined;
  return (
    err instanceof Error &&
    err.name === "GatewayServiceError" &&
    typeof code === "string" &&
    code in SERVICE_ERROR_STATUS
  );
}

export class GatewayServiceError extends Error {
  name = "GatewayServiceError";
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return SERVICE_ERROR_STATUS[this.code];
  }
}

export type RateLimitState = {
  limit: number;
  remaining: number;
  /** Epoch ms at which the current window ends. */
  reset: number;
};

export type QuotaState = {
  limit: number;
  remaining: number;
  /** Epoch ms of the next renewal. */
  reset: number;
};

export type Decision = {
  code: DecisionCode;
  status: number;
  keyId: string | null;
  developerId: string | null;
  apiId: string | null;
  ratelimit: RateLimitState | null;
  quota: QuotaState | null;
  expiresAt: Date | null;
  /** Seconds, on 429 only. */
  retryAfter: number | null;
};

/** An API as the gateway resolves it: by id, slug or longest listen-path prefix. */
export type GatewayApi = {
  id: string;
  slug: string;
  listenPath: string;
  /** "oauth": calls carry OAuth access tokens, not keys (R-OAUTH-CLIENTS); absent = "key". */
  authType?: "key" | "oauth";
};

export function decision(code: DecisionCode, extra: Partial<Decision> = {}): Decision {
  return {
    code,
    status: DECISION_STATUS[code],
    keyId: null,
    developerId: null,
    apiId: null,
    ratelimit: null,
    quota: null,
    expiresAt: null,
    retryAfter: null,
    ...extra,
  };
}

import type { Db } from "@/db";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  getIdempotencyRecord,
  IDEMPOTENCY_RETENTION_MS,
  releaseIdempotencyKey,
} from "@/db/queries/idempotency";
import { sha256Hex } from "@/lib/crypto";
import type { ApiPrincipal } from "./auth";
import { problem, problemBody } from "./problem";

/**
 * `Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): the first request with a
 * key runs and its answer is stored for 24 h; a retry with the same key and the same method, path
 * and body gets that answer again (`Idempotent-Replayed: true`) without running twice; the same key
 * with another request is a 422; a retry while the first still runs is a 409. Keys are per token.
 * A 5xx answer is not stored: the key is freed so the retry runs.
 */
export const IDEMPOTENCY_HEADER = "idempotency-key";
/**
 * A first request still "running" after this long died with its process (a request has at most
 * the platform's timeout): its key is taken over so the client's retries are not refused for 24 h.
 * The domain's own guards (a request is decided once, an email is taken once) keep a retry of a
 * request that did commit from doing it twice.
 */
export const IN_FLIGHT_TIMEOUT_MS = 2 * 60_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Answers that carry a secret shown once (a new key's value) are never stored: the idempotency
 * table would hold the secret in clear for 24 h. A route marks such an answer with
 * `notReplayable(response, detail)`; a retry with the same key then gets a 409 problem saying what
 * the first request did and how to get a new secret, instead of the secret again.
 */
const notReplayed = new WeakMap<Response, string>();

export function notReplayable(response: Response, detail: string): Response {
  notReplayed.set(response, detail);
  return response;
}

export type IdempotencyStart =
  | { kind: "none" }
  | { kind: "answer"; response: Response }
  | { kind: "claimed"; finish: (response: Response) => Promise<Response> };

export async function startIdempotent(
  db: Db,
  who: ApiPrincipal,
  request: Request,
  bodyText: string,
  now: Date = new Date(),
  retries = 2,
): Promise<IdempotencyStart> {
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return { kind: "none" };
  if (!KEY.test(key))
    return {
      kind: "answer",
      response: problem(
        "invalid_request",
        "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).",
        { errors: [{ detail: "Invalid Idempotency-Key.", parameter: "Idempotency-Key" }] },
      ),
    };
  const method = request.method.toUpperCase();
  const path = new URL(request.url).pathname;
  const requestHash = sha256Hex(`${method} ${path}\n${bodyText}`);
  const claimed = await claimIdempotencyKey(
    db,
    who.org.id,
    { tokenId: who.tokenId, key, method, path, requestHash },
    now,
  );
  if (claimed)
    return {
      kind: "claimed",
      finish: async (response) => {
        if (response.status >= 500) {
          await releaseIdempotencyKey(db, who.org.id, who.tokenId, key);
          return response;
        }
        const instead = notReplayed.get(response);
        if (instead !== undefined) {
          await completeIdempotencyKey(db, who.org.id, who.tokenId, key, {
            status: 409,
            body: problemBody("conflict", instead),
          });
          return response;
        }
        const text = await response.clone().text();
        let body: unknown = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = null;
        }
        await completeIdempotencyKey(db, who.org.id, who.tokenId, key, {
          status: response.status,
          body,
        });
        return response;
      },
    };
  const prior = await getIdempotencyRecord(db, who.org.id, who.tokenId, key);
  // Freed or expired between the claim and this read: run once more through the claim.
  if (!prior || now.getTime() - prior.createdAt.getTime() > IDEMPOTENCY_RETENTION_MS) {
    if (retries > 0) return startIdempotent(db, who, request, bodyText, now, retries - 1);
    return {
      kind: "answer",
      response: problem("idempotency_in_flight", "Retry this request.", {
        headers: { "retry-after": "1" },
      }),
    };
  }
  if (prior.requestHash !== requestHash)
    return {
      kind: "answer",
      response: problem(
        "idempotency_key_reused",
        "This Idempotency-Key was already used for a different request (method, path or body). Use a new key for a new request.",
      ),
    };
  if (prior.status === null && now.getTime() - prior.createdAt.getTime() > IN_FLIGHT_TIMEOUT_MS) {
    await releaseIdempotencyKey(db, who.org.id, who.tokenId, key);
    if (retries > 0) return startIdempotent(db, who, request, bodyText, now, retries - 1);
  }
  if (prior.status === null)
    return {
      kind: "answer",
      response: problem(
        "idempotency_in_flight",
        "The first request with this Idempotency-Key is still running. Retry shortly.",
        { headers: { "retry-after": "1" } },
      ),
    };
  const isProblem = prior.status >= 400;
  return {
    kind: "answer",
    response: new Response(
      prior.responseBody === null ? null : JSON.stringify(prior.responseBody),
      {
        status: prior.status,
        headers: {
          "content-type": isProblem ? "application/problem+json" : "application/json",
          "idempotent-replayed": "true",
          "cache-control": "no-store",
        },
      },
    ),
  };
}

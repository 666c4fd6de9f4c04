import { z } from "zod";
import { type Db, getDb } from "@/db";
import { API_BODY_LIMIT, readBodyCapped } from "@/lib/http/body-limit";
import type { Actor } from "@/lib/outcome";
import { type ApiPrincipal, authenticateManagement } from "./auth";
import { startIdempotent } from "./idempotency";
import { problem, UNAUTHORIZED_DETAIL, withProblems, zodErrors } from "./problem";
import { getApiRateLimiter } from "./rate-limit";

/**
 * The one wrapper of every management API route (app/api/v1/**):
 * problem documents for anything thrown → admin API token (401) → per-token rate limit (429,
 * RateLimit-* headers on every answer) → path parameters (a malformed id is a 404: no query is
 * made) → query (400) → body, capped at 64 KB (413/400) → Idempotency-Key on POST → handler.
 *
 *   export const GET = apiRoute({
 *     query: developerListQuery,
 *     handler: async ({ db, who, query }) => reply(developerPage, await …),
 *   });
 */
export type RouteContext<P, Q, B> = {
  request: Request;
  db: Db;
  who: ApiPrincipal;
  /** The audit actor of this request: the token. */
  actor: Actor;
  params: P;
  query: Q;
  body: B;
};

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type RouteDef<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
> = {
  params?: P;
  /** The 404 detail when a path parameter does not parse (e.g. "Developer not found."). */
  notFound?: string;
  query?: Q;
  body?: B;
  handler: (
    ctx: RouteContext<
      P extends z.ZodType ? z.output<P> : Record<string, never>,
      Q extends z.ZodType ? z.output<Q> : undefined,
      B extends z.ZodType ? z.output<B> : undefined
    >,
  ) => Promise<Response>;
};

const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function withHeaders(response: Response, headers: Record<string, string>): Response {
  // Responses built by Response.json / new Response have mutable headers.
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

export function apiRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(def: RouteDef<P, Q, B>) {
  return withProblems(async (request: Request, context?: NextContext): Promise<Response> => {
    const db = getDb();
    const who = await authenticateManagement(db, request);
    if (!who) return problem("unauthorized", UNAUTHORIZED_DETAIL);
    // R-ORG-CREATE: a suspended organisation is read-only here as in its console.
    if (who.org.suspendedAt && request.method !== "GET" && request.method !== "HEAD")
      return problem(
        "forbidden",
        "This organisation is suspended: it can be read but not changed.",
      );

    const limiter = getApiRateLimiter();
    const rate = await limiter.take(who.tokenId);
    const rateHeaders = limiter.headers(rate);
    if (!rate.allowed)
      return problem(
        "rate_limited",
        `At most ${rate.limit} requests per ${Math.round(limiter.windowMs / 1000)} seconds per token. Retry after the Retry-After seconds.`,
        {
          headers: {
            ...rateHeaders,
            "retry-after": String(Math.max(1, Math.ceil(rate.resetMs / 1000))),
          },
        },
      );
    return withHeaders(await run(db, who, request, context), rateHeaders);
  });

  async function run(
    db: Db,
    who: ApiPrincipal,
    request: Request,
    context: NextContext | undefined,
  ): Promise<Response> {
    const rawParams = (await context?.params) ?? {};
    let params: unknown = {};
    if (def.params) {
      const p = def.params.safeParse(rawParams);
      if (!p.success) return problem("not_found", def.notFound ?? "Not found.");
      params = p.data;
    }

    let query: unknown = undefined;
    if (def.query) {
      const search = new URL(request.url).searchParams;
      const raw: Record<string, string | string[]> = {};
      for (const k of new Set(search.keys())) {
        const all = search.getAll(k);
        raw[k] = all.length > 1 ? all : (all[0] ?? "");
      }
      const q = def.query.safeParse(raw);
      if (!q.success)
        return problem("invalid_request", "Invalid query parameters.", {
          errors: zodErrors(q.error, "query"),
        });
      query = q.data;
    }

    const method = request.method.toUpperCase();
    let bodyText = "";
    if (WITH_BODY.has(method)) {
      const read = await readBodyCapped(request, API_BODY_LIMIT);
      if (!read.ok)
        return read.reason === "too_large"
          ? problem(
              "payload_too_large",
              `The request body is too large: at most ${API_BODY_LIMIT / 1024} KB.`,
            )
          : problem("invalid_request", "The body must be UTF-8 JSON.");
      bodyText = read.text;
    }

    const idem =
      method === "POST"
        ? await startIdempotent(db, who, request, bodyText)
        : ({ kind: "none" } as const);
    if (idem.kind === "answer") return idem.response;
    const response = await parseAndHandle(db, who, request, params, query, bodyText).catch(
      async (err: unknown) => {
        // Free the key before the error becomes a 500, so the client's retry runs again.
        if (idem.kind === "claimed") await idem.finish(new Response(null, { status: 500 }));
        throw err;
      },
    );
    return idem.kind === "claimed" ? idem.finish(response) : response;
  }

  async function parseAndHandle(
    db: Db,
    who: ApiPrincipal,
    request: Request,
    params: unknown,
    query: unknown,
    bodyText: string,
  ): Promise<Response> {
    let body: unknown = undefined;
    if (def.body) {
      let json: unknown = {};
      if (bodyText.trim()) {
        try {
          json = JSON.parse(bodyText);
        } catch {
          return problem("invalid_request", "The body must be JSON.");
        }
      }
      const b = def.body.safeParse(json);
      if (!b.success)
        return problem("invalid_request", "Invalid body.", { errors: zodErrors(b.error, "body") });
      body = b.data;
    }
    type Ctx = Parameters<RouteDef<P, Q, B>["handler"]>[0];
    return def.handler({
      request,
      db,
      who,
      actor: { actorType: "api_token", actorId: who.tokenId },
      params,
      query,
      body,
    } as Ctx);
  }
}

/** A JSON answer typed by the schema the OpenAPI document states for it. */
export function reply<S extends z.ZodType>(
  _schema: S,
  data: z.input<S>,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return Response.json(data, {
    status: init.status ?? 200,
    headers: { "cache-control": "no-store", ...init.headers },
  });
}

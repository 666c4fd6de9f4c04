import { type Db, getDb } from "@/db";
import { readBodyCapped } from "@/lib/http/body-limit";
import { MAX_FORM_BYTES, type OauthResponse, oauthError } from "@/lib/oauth/http";

/** An OauthResponse as a Web Response. */
export function toResponse(r: OauthResponse): Response {
  return new Response(r.body, { status: r.status, headers: r.headers });
}

/** The form body, read with a cap (R-SEC-BAD-INPUT): its text, or the RFC 6749 refusal. */
export async function formBody(
  request: Request,
): Promise<{ text: string } | { refused: Response }> {
  const read = await readBodyCapped(request, MAX_FORM_BYTES);
  if (read.ok) return { text: read.text };
  return {
    refused: toResponse(
      oauthError(
        "invalid_request",
        read.reason === "too_large" ? "The body is too large." : "The body must be UTF-8.",
        read.reason === "too_large" ? 413 : 400,
      ),
    ),
  };
}

type FormHandler = (
  db: Db,
  org: string,
  header: (name: string) => string | null,
  body: string,
) => Promise<OauthResponse>;

/** A form-posted OAuth endpoint of one organisation (token, introspection): body capped first. */
export function formEndpoint(handle: FormHandler) {
  return async (request: Request, { params }: { params: Promise<{ org: string }> }) => {
    const { org } = await params;
    const body = await formBody(request);
    if ("refused" in body) return body.refused;
    return toResponse(await handle(getDb(), org, (name) => request.headers.get(name), body.text));
  };
}

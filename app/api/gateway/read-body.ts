import { type GatewayResponse, problem } from "@/lib/gateway/http";
import { readBodyCapped } from "@/lib/http/body-limit";

/** The JSON body of a gateway call, read with a cap (R-SEC-BAD-INPUT): text, or the 4xx answer. */
export async function gatewayBody(
  request: Request,
  maxBytes: number,
  limitText: string,
): Promise<{ text: string } | { refused: GatewayResponse }> {
  const read = await readBodyCapped(request, maxBytes);
  if (read.ok) return { text: read.text };
  return {
    refused:
      read.reason === "too_large"
        ? problem("payload_too_large", `The body is too large: ${limitText}.`, 413)
        : problem("bad_request", "The body must be UTF-8 JSON.", 400),
  };
}

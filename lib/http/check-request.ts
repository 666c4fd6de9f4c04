import { checkBodySize } from "./body-limit";
import { checkActionOrigin } from "./origin-check";
import { checkPathEncoding } from "./path-check";

/**
 * Everything proxy.ts refuses before Next routes a request (R-SEC-BAD-INPUT), so Next never
 * answers these with a 500: a path that does not decode (400), a cross-origin server action
 * (403), a body announced over its limit (413). Null: let the request through.
 */
export function checkRequest(request: Request): Response | null {
  return checkPathEncoding(request) ?? checkActionOrigin(request) ?? checkBodySize(request);
}

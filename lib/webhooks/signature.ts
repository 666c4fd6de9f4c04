import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Gatehouse-Signature";
export const EVENT_HEADER = "Gatehouse-Event";
export const DELIVERY_HEADER = "Gatehouse-Delivery";
/** How far a signature's timestamp may be from the receiver's clock (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/**
 * The Gatehouse-Signature header value, as Stripe does it: `t=<unix seconds>,v1=<hex>` where the
 * HMAC-SHA256 key is the whole secret string (`whsec_…`) and the message is `<t>.<raw body>`.
 * Signing the timestamp with the body lets receivers refuse replays of an old delivery.
 */
export function signPayload(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/**
 * True when `header` carries a v1 signature of `body` by `secret` whose timestamp is within
 * `toleranceSeconds` of `now`. Several v1 entries are accepted (any may match), so a receiver
 * keeps working if we ever sign with two secrets during a rotation.
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  now: Date = new Date(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (!header) return false;
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === null || candidates.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  // Constant-time: the comparison must not reveal how many leading bytes matched.
  return candidates.some((c) => timingSafeEqual(Buffer.from(c, "hex"), expected));
}

import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { isAllowedAddress, isIpLiteral, targetUrlProblem } from "./address-policy";

/**
 * The one way Gatehouse makes a request to a URL someone typed in (R-SEC-SSRF): webhook
 * deliveries and OpenAPI documents. It resolves the host once, refuses the request unless every
 * address is allowed (lib/net/address-policy.ts), then connects to the checked address only —
 * Node's own lookup is replaced, so a second DNS answer (rebinding) is never used. Redirects are
 * not followed; time and bytes read are capped. Failures are a closed set of generic reasons:
 * the socket's own error (ECONNREFUSED 10.0.0.7:5432 …) would map the internal network for
 * whoever reads the delivery log or the portal page.
 */

export const OUTBOUND_FAILURES = [
  "refused: not http(s)",
  "refused: private address",
  "DNS lookup failed",
  "connection failed",
  "timed out",
  "response too large",
] as const;
export type OutboundFailure = (typeof OUTBOUND_FAILURES)[number];

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Host name → addresses. The system resolver by default; tests inject their own. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export type OutboundPolicy = {
  /** Allow loopback and private networks; default GATEHOUSE_ALLOW_PRIVATE_TARGETS. */
  allowPrivate?: boolean;
  resolve?: Resolver;
};

export type OutboundRequest = OutboundPolicy & {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Everything: DNS, connect, response and body. */
  timeoutMs: number;
  /** TCP connect only (default: timeoutMs). */
  connectTimeoutMs?: number;
  maxBodyBytes: number;
  /** "fail" (default): a longer body is "response too large". "truncate": keep the first bytes (0: headers only). */
  overflow?: "fail" | "truncate";
};

export type OutboundResponse = {
  ok: true;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
};
export type OutboundResult = OutboundResponse | { ok: false; reason: OutboundFailure };

/**
 * Save-time check of a URL this client will be asked to request, under this deployment's
 * setting: a field message for a literal address or `localhost` it would refuse; null when
 * acceptable or blank. Names are checked again, resolved, at every send.
 */
export function outboundUrlError(
  url: string | null,
  allowPrivate = env().GATEHOUSE_ALLOW_PRIVATE_TARGETS,
): string | null {
  return url ? targetUrlProblem(url, allowPrivate) : null;
}

const failure = (reason: OutboundFailure): OutboundResult => ({ ok: false, reason });

async function resolveBefore(
  resolve: Resolver,
  hostname: string,
  deadline: number,
): Promise<ResolvedAddress[] | OutboundFailure> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<OutboundFailure>((r) => {
    timer = setTimeout(() => r("timed out"), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([resolve(hostname), late]);
  } catch {
    return "DNS lookup failed";
  } finally {
    clearTimeout(timer);
  }
}

/** Sends one request to `url`, or refuses it. Never throws; a 3xx is answered, not followed. */
export async function guardedFetch(rawUrl: string, req: OutboundRequest): Promise<OutboundResult> {
  const deadline = Date.now() + req.timeoutMs;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return failure("refused: not http(s)");
  }
  // Credentials in a URL would be sent as Basic auth to wherever the URL points: not ours to send.
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password)
    return failure("refused: not http(s)");
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const allowPrivate = req.allowPrivate ?? env().GATEHOUSE_ALLOW_PRIVATE_TARGETS;
  const addresses: ResolvedAddress[] | OutboundFailure = isIpLiteral(hostname)
    ? [{ address: hostname, family: hostname.includes(":") ? 6 : 4 }]
    : await resolveBefore(req.resolve ?? systemResolver, hostname, deadline);
  if (typeof addresses === "string") return failure(addresses);
  const [first, ...rest] = addresses;
  if (!first) return failure("DNS lookup failed");
  // Every address must pass: a name that also points inside is refused, not tried in turn.
  if (!addresses.every((a) => isAllowedAddress(a.address, allowPrivate)))
    return failure("refused: private address");
  return send(url, hostname, [first, ...rest], req, deadline);
}

function send(
  url: URL,
  hostname: string,
  checked: [ResolvedAddress, ...ResolvedAddress[]],
  req: OutboundRequest,
  deadline: number,
): Promise<OutboundResult> {
  return new Promise((done) => {
    // Node asks this for `hostname`: it gets the addresses checked above, never a new DNS answer
    // (with all: true under happy eyeballs it may try each of them; all passed the policy).
    const lookup: LookupFunction = (_name, options, callback) => {
      const [first] = checked;
      if (options.all) callback(null, checked);
      else callback(null, first.address, first.family);
    };
    const isHttps = url.protocol === "https:";
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
    const request = (isHttps ? https : http).request({
      method: req.method ?? "GET",
      host: hostname,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers,
      lookup,
      // A fresh socket per request: no pooled connection to an address checked for another URL.
      agent: false,
      // SNI and certificate checks against the name typed (an IP literal has no SNI).
      ...(isHttps && !isIpLiteral(hostname) ? { servername: hostname } : {}),
    });

    let settled = false;
    const finish = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      request.destroy();
      done(result);
    };
    const remaining = Math.max(0, deadline - Date.now());
    const total = setTimeout(() => finish(failure("timed out")), remaining);
    const connect = setTimeout(
      () => finish(failure("timed out")),
      Math.min(req.connectTimeoutMs ?? remaining, remaining),
    );
    request.on("socket", (socket) => socket.once("connect", () => clearTimeout(connect)));
    request.on("error", () => finish(failure("connection failed")));
    request.on("response", (res) => readBody(res, req, finish));
    request.end(req.body);
  });
}

function readBody(
  res: IncomingMessage,
  req: OutboundRequest,
  finish: (r: OutboundResult) => void,
): void {
  const cap = req.maxBodyBytes;
  const truncate = req.overflow === "truncate";
  const chunks: Buffer[] = [];
  let size = 0;
  const answer = () =>
    finish({
      ok: true,
      status: res.statusCode ?? 0,
      headers: res.headers,
      body: Buffer.concat(chunks),
    });
  res.on("error", () => finish(failure("connection failed")));
  res.on("aborted", () => finish(failure("connection failed")));
  if (truncate && cap === 0) return answer();
  if (!truncate && Number(res.headers["content-length"] ?? 0) > cap)
    return finish(failure("response too large"));
  res.on("data", (chunk: Buffer) => {
    const room = cap - size;
    if (chunk.length <= room) {
      chunks.push(chunk);
      size += chunk.length;
      return;
    }
    if (!truncate) return finish(failure("response too large"));
    chunks.push(chunk.subarray(0, room));
    answer();
  });
  res.on("end", answer);
}

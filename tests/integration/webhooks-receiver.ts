import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

/** What a test receiver saw: headers (lower-case) and the raw body, byte for byte. */
export type Received = { headers: IncomingHttpHeaders; body: string; answered: number };

export type Receiver = {
  url: string;
  received: Received[];
  /** Resolves once `n` requests have arrived (rejects after `timeoutMs`). */
  waitFor: (n: number, timeoutMs?: number) => Promise<Received[]>;
  close: () => Promise<void>;
};

/**
 * A local webhook receiver on a free loopback port. `answer(i)` gives the status of the i-th
 * request (0-based) — e.g. 500 twice then 200 — or "hang" to never answer (timeouts).
 */
export async function startReceiver(
  answer: (i: number) => number | "hang" = () => 200,
): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = answer(received.length);
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        answered: status === "hang" ? 0 : status,
      });
      for (const w of waiters.filter((w) => received.length >= w.n)) w.resolve();
      if (status === "hang") return;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    waitFor: (n, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (received.length >= n) return resolve(received);
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${n} requests`)),
          timeoutMs,
        );
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(received)) });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

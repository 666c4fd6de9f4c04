import { createServer, type Server } from "node:http";

/** A request a target server saw. */
export type Hit = { method: string; path: string; host: string | undefined };

export type Target = {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  origin: string;
  port: number;
  hits: Hit[];
  close: () => Promise<void>;
};

export const OPENAPI_DOC = {
  openapi: "3.1.0",
  info: { title: "Internal", version: "1" },
  paths: { "/admin/users": { get: { operationId: "listInternalUsers" } } },
};

/**
 * A real HTTP server on 127.0.0.1 standing in for whatever a URL points at (R-SEC-SSRF tests):
 * /doc an OpenAPI document, /redirect?to=… a 302, /big and /big-chunked 5000 bytes (with and
 * without content-length), /huge-doc a JSON document over 1 MB, /hang never answers; else 200.
 */
export async function startTarget(): Promise<Target> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://target.invalid");
    hits.push({ method: req.method ?? "", path: url.pathname, host: req.headers.host });
    req.resume();
    switch (url.pathname) {
      case "/doc":
        return res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(OPENAPI_DOC));
      case "/redirect":
        return res.writeHead(302, { location: url.searchParams.get("to") ?? "/" }).end();
      case "/big":
        return res.writeHead(200, { "content-length": "5000" }).end("x".repeat(5000));
      case "/big-chunked":
        res.writeHead(200);
        for (let i = 0; i < 5; i++) res.write("x".repeat(1000));
        return res.end();
      case "/huge-doc":
        return res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ paths: {}, pad: "x".repeat(1_000_010) }));
      case "/hang":
        return;
      default:
        return res.writeHead(200).end("ok");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

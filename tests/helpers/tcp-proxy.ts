import { createServer, type Socket, connect } from "node:net";

/**
 * A TCP proxy in front of a real service (Redis) that a test can break:
 * - cut(): every connection is reset and new ones are refused at once (a crashed server);
 * - stall(): connections stay open but no byte moves either way, and what was sent is held
 *   (a partition, or a paused server whose socket buffers still accept writes);
 * - restore(): bytes move again, and what was held is delivered late — even to the server of a
 *   connection whose client gave up meanwhile, as a paused server would still read it.
 */
export type TcpProxy = {
  port: number;
  /** The target URL with the proxy's port, e.g. redis://127.0.0.1:<port>. */
  url: string;
  cut: () => void;
  stall: () => void;
  restore: () => void;
  close: () => Promise<void>;
};

type Pair = {
  client: Socket;
  server: Socket;
  toServer: Buffer[];
  toClient: Buffer[];
  clientGone: boolean;
};

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const host = target.hostname;
  const targetPort = Number(target.port || 6379);
  let mode: "open" | "cut" | "stalled" = "open";
  const pairs = new Set<Pair>();

  const drop = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.server.destroy();
  };

  const server = createServer((client) => {
    if (mode === "cut") {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, host);
    const pair: Pair = { client, server: upstream, toServer: [], toClient: [], clientGone: false };
    pairs.add(pair);
    client.on("data", (chunk: Buffer) => {
      if (mode === "stalled") pair.toServer.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (mode === "stalled") pair.toClient.push(chunk);
      else if (!pair.clientGone) client.write(chunk);
    });
    client.on("error", () => undefined);
    upstream.on("error", () => undefined);
    client.on("close", () => {
      pair.clientGone = true;
      // While stalled, the server side stays open: what the client sent still arrives on restore().
      if (mode !== "stalled") drop(pair);
    });
    upstream.on("close", () => drop(pair));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("tcp proxy: no port");
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);

  return {
    port: address.port,
    url: url.toString(),
    cut: () => {
      mode = "cut";
      for (const pair of [...pairs]) {
        pair.client.resetAndDestroy();
        drop(pair);
      }
    },
    stall: () => {
      mode = "stalled";
    },
    restore: () => {
      mode = "open";
      for (const pair of [...pairs]) {
        for (const chunk of pair.toServer.splice(0)) pair.server.write(chunk);
        if (pair.clientGone) {
          pair.server.end();
          continue;
        }
        for (const chunk of pair.toClient.splice(0)) pair.client.write(chunk);
      }
    },
    close: async () => {
      for (const pair of [...pairs]) drop(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

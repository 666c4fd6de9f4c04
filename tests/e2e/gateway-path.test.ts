import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGatewayWorld, makeKey, makePolicy } from "../helpers/gateway-fixtures";
import {
  freePort,
  type Nginx,
  nginxAvailable,
  perApiNginxConfig,
  startNginx,
} from "../helpers/gateway-nginx";
import {
  postgresAvailable,
  startVerifier,
  type TempPostgres,
  tempPostgres,
  type Verifier,
} from "../helpers/gateway-services";
import { HOSTILE_PATHS, type HostilePath } from "../helpers/hostile-paths";

/**
 * R-SEC-GW-PATH through a real NGINX laid out with one `location` per API (docs/GATEWAY.md,
 * second configuration), each proxying to its own upstream. A key that opens one API must never
 * get a 200 from the other API's upstream, whatever the encoding.
 */

type Answer = { status: number; body: string };

/** A raw request: fetch() would normalise the path before NGINX ever saw it. */
function raw(port: number, path: string, key?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "GET",
        agent: false,
        headers: key ? { "x-api-key": key } : {},
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function routedTo(a: Answer): HostilePath["nginx"] {
  if (a.status === 400) return "400";
  if (a.status === 404 && a.body.startsWith("none")) return "none";
  if (a.status === 200 && a.body.startsWith("weather ")) return "weather";
  if (a.status === 200 && a.body.startsWith("payments ")) return "payments";
  throw new Error(`unexpected oracle answer ${a.status} ${a.body.slice(0, 80)}`);
}

describe("R-SEC-GW-PATH: NGINX with one location per API → standalone verifier", () => {
  let pg: TempPostgres;
  let verifier: Verifier;
  let nginx: Nginx;
  let ports: { front: number; oracle: number };
  let keys: { weather: string; payments: string };

  beforeAll(async () => {
    if (!nginxAvailable())
      throw new Error(
        "NGINX is not installed: apt-get install -y nginx (R-SEC-GW-PATH needs a real NGINX)",
      );
    if (!(await postgresAvailable()))
      throw new Error(
        "No Postgres at 127.0.0.1:5432 (or TEST_DATABASE_URL): the gateway e2e needs one",
      );
    pg = await tempPostgres();
    const world = await makeGatewayWorld(pg.handle.db);
    const paymentsPolicy = await makePolicy(pg.handle.db, world.org.id, {
      access: [{ apiId: world.payments.id }],
    });
    const paymentsKey = await makeKey(pg.handle.db, world.org.id, world.developer.id, [
      paymentsPolicy.id,
    ]);
    keys = { weather: world.key.plaintext, payments: paymentsKey.plaintext };
    verifier = await startVerifier({ DATABASE_URL: pg.url, GATEWAY_CACHE_TTL_SECONDS: "1" });
    ports = { front: await freePort(), oracle: await freePort() };
    const upstreams = { weather: await freePort(), payments: await freePort() };
    nginx = await startNginx(
      (dir) =>
        perApiNginxConfig({
          dir,
          ...ports,
          upstreams,
          auth: {
            verifier: `127.0.0.1:${verifier.port}`,
            authPath: "/api/gateway/auth",
            gatewayToken: world.token.plaintext,
          },
        }),
      ports.front,
    );
  });

  afterAll(async () => {
    await nginx?.stop();
    await verifier?.stop();
    await pg?.drop();
  });

  it(`R-SEC-GW-PATH: the table's NGINX column is what this NGINX does (${HOSTILE_PATHS.length} paths)`, async () => {
    const seen: { path: string; nginx: string }[] = [];
    for (const h of HOSTILE_PATHS)
      seen.push({ path: h.path, nginx: routedTo(await raw(ports.oracle, h.path)) });
    expect(seen).toEqual(HOSTILE_PATHS.map((h) => ({ path: h.path, nginx: h.nginx })));
  });

  for (const api of ["weather", "payments"] as const) {
    it(`R-SEC-GW-PATH: a key for ${api} only reaches the ${api} upstream, whatever the encoding`, async () => {
      const results: { path: string; status: number; upstream: string }[] = [];
      for (const h of HOSTILE_PATHS) {
        const a = await raw(ports.front, h.path, keys[api]);
        const upstream = a.status === 200 ? (a.body.split(" ")[0] ?? "") : "-";
        results.push({ path: h.path, status: a.status, upstream });
      }
      const expected = HOSTILE_PATHS.map((h) => {
        if (h.nginx === "400") return { path: h.path, status: 400, upstream: "-" };
        if (h.nginx === "none") return { path: h.path, status: 404, upstream: "-" };
        if (h.judged === "refused") return { path: h.path, status: 400, upstream: "-" };
        if (h.judged === api) return { path: h.path, status: 200, upstream: api };
        return { path: h.path, status: 403, upstream: "-" };
      });
      expect(results).toEqual(expected);
      // The invariant itself, independent of the table: no 200 from the other API's upstream.
      expect(results.filter((r) => r.status === 200 && r.upstream !== api)).toEqual([]);
    });
  }
});

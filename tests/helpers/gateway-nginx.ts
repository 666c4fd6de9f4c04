import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const NGINX_BIN = process.env.NGINX_BIN ?? "/usr/sbin/nginx";

export function nginxAvailable(): boolean {
  return existsSync(NGINX_BIN) && spawnSync(NGINX_BIN, ["-v"]).status === 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

export async function waitForHttp(
  url: string,
  timeoutMs = 30_000,
  ok: (status: number) => boolean = (s) => s < 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (ok(res.status)) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (${last})`);
}

export type NginxFront = {
  port: number;
  auth?: { verifier: string; authPath: string; gatewayToken: string };
};

const SNIPPETS = path.join(process.cwd(), "docs", "nginx");

/**
 * The auth_request directives every protected location carries: the shipped snippet
 * docs/nginx/gatehouse-protect.conf, verbatim, so the tests run exactly what operators include.
 */
const AUTH_DIRECTIVES = `\n${readFileSync(path.join(SNIPPETS, "gatehouse-protect.conf"), "utf8")}`;

/**
 * The internal auth location and the named location that answers refusals: the shipped snippet
 * docs/nginx/gatehouse-server.conf, with the gateway token set as its comment says and the
 * `gatehouse` upstream renamed when one NGINX runs several fronts.
 */
function authLocations(upstream: string, auth: { authPath: string; gatewayToken: string }): string {
  const snippet = readFileSync(path.join(SNIPPETS, "gatehouse-server.conf"), "utf8");
  const shipped = "proxy_pass http://gatehouse/api/gateway/auth;";
  if (!snippet.includes(shipped)) throw new Error(`gatehouse-server.conf lost "${shipped}"`);
  return `
    set $gatehouse_gateway_token "${auth.gatewayToken}";
${snippet.replace(shipped, `proxy_pass http://${upstream}${auth.authPath};`)}`;
}

/** One protected server: the NGINX configuration of docs/GATEWAY.md with its values filled in. */
function protectedServer(f: NginxFront, i: number): string {
  if (!f.auth) {
    return `
  server {
    listen 127.0.0.1:${f.port};
    location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://api_backend; }
  }`;
  }
  return `
  upstream gatehouse_${i} { server ${f.auth.verifier}; keepalive 32; }
  server {
    listen 127.0.0.1:${f.port};

    location / {${AUTH_DIRECTIVES}
      proxy_pass http://api_backend;
    }
${authLocations(`gatehouse_${i}`, f.auth)}
  }`;
}

/**
 * A private NGINX: protected front servers whose location proxy_passes to an upstream (never a
 * bare "return": NGINX runs "return" before auth_request), and that upstream, a second server
 * block echoing what Gatehouse passed on.
 */
export function gatewayNginxConfig(o: {
  dir: string;
  upstream: number;
  fronts: NginxFront[];
  /**
   * keepalive_requests for the load generator's connections (NGINX's default closes one after
   * 1,000 requests). For the bench: autocannon counted a connection error and a few-millisecond
   * stall at each of those closes, in every NGINX round alike (with or without auth).
   */
  clientKeepaliveRequests?: number;
}): string {
  return `
worker_processes 1;
daemon off;
pid ${o.dir}/nginx.pid;
error_log ${o.dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;${o.clientKeepaliveRequests ? `\n  keepalive_requests ${o.clientKeepaliveRequests};` : ""}
  client_body_temp_path ${o.dir}/tmp/body;
  proxy_temp_path ${o.dir}/tmp/proxy;
  fastcgi_temp_path ${o.dir}/tmp/fastcgi;
  uwsgi_temp_path ${o.dir}/tmp/uwsgi;
  scgi_temp_path ${o.dir}/tmp/scgi;

  upstream api_backend { server 127.0.0.1:${o.upstream}; keepalive 32; }
  server {
    listen 127.0.0.1:${o.upstream};
    location / { default_type text/plain; return 200 "upstream ok developer=$http_x_gatehouse_developer key=$http_x_gatehouse_key\\n"; }
  }
${o.fronts.map(protectedServer).join("\n")}
}
`;
}

export type Nginx = {
  baseUrl: string;
  dir: string;
  stop: () => Promise<void>;
  errorLog: () => string;
};

/** Starts a private NGINX (never the system one) in the foreground, in its own temp prefix. */
export async function startNginx(config: (dir: string) => string, front: number): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-nginx-"));
  mkdirSync(path.join(dir, "tmp"), { recursive: true });
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, config(dir));
  const test = spawnSync(NGINX_BIN, ["-t", "-c", conf, "-p", dir], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
  const child: ChildProcess = spawn(NGINX_BIN, ["-c", conf, "-p", dir], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const baseUrl = `http://127.0.0.1:${front}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGQUIT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${baseUrl}/`, 10_000, () => true);
  } catch (err) {
    await stop();
    throw new Error(
      `nginx did not start: ${err instanceof Error ? err.message : String(err)}\n${stderr}`,
    );
  }
  const errorLog = () =>
    stderr +
    (existsSync(path.join(dir, "error.log"))
      ? readFileSync(path.join(dir, "error.log"), "utf8")
      : "");
  return { baseUrl, dir, stop, errorLog };
}

/**
 * R-SEC-GW-PATH: the second layout of docs/GATEWAY.md — one `location` per API, each with its own
 * upstream (which echoes its name and the URI it received). `oracle` is the same layout without
 * auth_request, to observe where NGINX itself routes a path.
 */
export function perApiNginxConfig(o: {
  dir: string;
  front: number;
  oracle: number;
  upstreams: { weather: number; payments: number };
  auth: { verifier: string; authPath: string; gatewayToken: string };
}): string {
  const backend = (name: string, port: number) => `
  upstream ${name}_backend { server 127.0.0.1:${port}; keepalive 8; }
  server {
    listen 127.0.0.1:${port};
    location / { default_type text/plain; return 200 "${name} $request_uri key=$http_x_gatehouse_key\\n"; }
  }`;
  return `
worker_processes 1;
daemon off;
pid ${o.dir}/nginx.pid;
error_log ${o.dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${o.dir}/tmp/body;
  proxy_temp_path ${o.dir}/tmp/proxy;
  fastcgi_temp_path ${o.dir}/tmp/fastcgi;
  uwsgi_temp_path ${o.dir}/tmp/uwsgi;
  scgi_temp_path ${o.dir}/tmp/scgi;
${backend("weather", o.upstreams.weather)}
${backend("payments", o.upstreams.payments)}
  upstream gatehouse { server ${o.auth.verifier}; keepalive 8; }

  server {
    listen 127.0.0.1:${o.oracle};
    location /weather/ { proxy_pass http://weather_backend; }
    location /payments/ { proxy_pass http://payments_backend; }
    location / { default_type text/plain; return 404 "none\\n"; }
  }

  server {
    listen 127.0.0.1:${o.front};

    location /weather/ {${AUTH_DIRECTIVES}
      proxy_pass http://weather_backend;
    }

    location /payments/ {${AUTH_DIRECTIVES}
      proxy_pass http://payments_backend;
    }

    location / { default_type text/plain; return 404 "none\\n"; }

${authLocations("gatehouse", o.auth)}
  }
}
`;
}

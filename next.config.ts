import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files by path; bundling it breaks that (STACK-NOTES).
  serverExternalPackages: ["@electric-sql/pglite"],
  // Migrations are read from disk at start-up; make sure serverless bundles carry them.
  outputFileTracingIncludes: { "/**": ["./db/migrations/**/*"] },
  poweredByHeader: false,
};

export default nextConfig;

import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    // Same alias as tsconfig's `paths`: `@/db` → <root>/db.
    alias: [{ find: /^@\//, replacement: `${root}/` }],
  },
  test: {
    root,
    environment: "node",
    // Browser and NGINX tests (tests/e2e) run through `npm run test:e2e`, never here.
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**", ".next/**"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    // next-auth imports "next/server" without an extension: let Vite resolve it (tests that run
    // its route handlers, e.g. tests/integration/logs-no-secrets.test.ts).
    server: { deps: { inline: ["next-auth"] } },
    setupFiles: ["tests/helpers/setup-env.ts"],
    // scrypt hashes and PGlite start-up are slow on a shared 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

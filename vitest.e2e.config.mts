import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 1) || 1);

// End-to-end tests: a real `next start` (tests/helpers/server.ts) driven by Chromium
// (tests/helpers/browser.ts). Run through `npm run test:e2e`, which builds first.
export default defineConfig({
  resolve: {
    // Same alias as tsconfig's `paths`: `@/lib` → <root>/lib.
    alias: [{ find: /^@\//, replacement: `${root}/` }],
  },
  test: {
    root,
    environment: "node",
    include: ["tests/e2e/**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**"],
    // A migrated embedded database for every server to start from a copy of.
    globalSetup: ["tests/helpers/e2e-global-setup.ts"],
    // Each file starts its own server, browser and database, so files may run side by side:
    // E2E_WORKERS (default 1) of them at once.
    fileParallelism: WORKERS > 1,
    maxWorkers: WORKERS,
    testTimeout: 60_000,
    // A page re-renders after a server action's round trip: on a busy two-core machine that can
    // take longer than expect.poll's default second (a flake seen in CI: an approved request's row
    // still listed after 1 s). Polls wait up to 15 s unless they say otherwise.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
    reporters: ["verbose"],
  },
});

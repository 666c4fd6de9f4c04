// npm run test:e2e — builds the app (`next build`), then runs the browser tests against
// `next start` (vitest.e2e.config.mts). E2E_SKIP_BUILD=1 reuses an existing .next build.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(label, args) {
  const started = Date.now();
  console.log(`\n» ${label}`);
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) {
    console.error(`✗ ${label}: ${result.error.message}`);
    process.exit(1);
  }
  const code = result.status ?? (result.signal ? 1 : 0);
  console.log(`${code === 0 ? "✓" : "✗"} ${label} (${seconds} s)`);
  if (code !== 0) process.exit(code);
}

if (process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("» next build skipped (E2E_SKIP_BUILD=1, .next/BUILD_ID exists)");
} else {
  run("next build", ["node_modules/next/dist/bin/next", "build"]);
}
run("vitest e2e", [
  "node_modules/vitest/vitest.mjs",
  "run",
  "--config",
  "vitest.e2e.config.mts",
  ...process.argv.slice(2),
]);

// npm run dev — the embedded database, migrated and seeded with the demo organisation at start.
// Honours PORT; GATEHOUSE_SEED=0 starts without the demo (first-run setup at /setup).
import { spawn } from "node:child_process";

const port = process.env.PORT ?? "3000";
const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "-p", port], {
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", GATEHOUSE_SEED: "1", ...process.env, PORT: port },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { createDb, pgliteExtensions } from "@/db";
import { runMigrations } from "@/db/migrate";
import "./provided";

const migrationsFolder = fileURLToPath(new URL("../../db/migrations", import.meta.url));

/**
 * The e2e suite's global setup: the embedded database migrated once, for every server to start
 * from a copy (tests/helpers/server.ts). Migrating a fresh PGlite was most of a server's start
 * (measured: 10.6 s to the first answer from an empty directory, 4.9 s from a migrated copy, the
 * demo seed included), and each e2e file starts at least one server. The server still runs the
 * migrations at start (nothing left to apply) and seeds itself, so the demo's hourly usage ends
 * at the hour the file runs in, as before.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-e2e-template-"));
  const pgliteDir = path.join(dir, "pglite");
  const handle = createDb({ pglite: new PGlite(pgliteDir, { extensions: pgliteExtensions }) });
  try {
    await runMigrations(handle, migrationsFolder);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    await handle.close();
  }
  project.provide("e2ePgliteTemplateDir", pgliteDir);
  return () => rmSync(dir, { recursive: true, force: true });
}

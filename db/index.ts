import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import { installQueryErrorScrubbing } from "./query-errors";
import * as schema from "./schema";

// Failed queries are logged by whoever catches them: never with their bound values.
installQueryErrorScrubbing();

export type Schema = typeof schema;
/** The one database type every query function takes: postgres.js or PGlite behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DbHandle = { db: Db; driver: "postgres" | "pglite"; close: () => Promise<void> };

/** Makes a client. Only this module (and tests' helpers through it) creates database clients. */
/** Optional query logger: benchmarks use it to EXPLAIN the exact SQL the query functions send. */
export type QueryLogger = { logQuery(query: string, params: unknown[]): void };

/**
 * Pool options for Postgres. Serverless (docs/DEPLOY.md): a pool of 1–2 per function instance,
 * since hundreds of instances may run, and no prepared statements, which a transaction-mode
 * pooler (PgBouncer, Supavisor, Neon's pooled URL) cannot keep across transactions.
 */
export type PoolOptions = {
  max?: number;
  prepare?: boolean;
  idleTimeoutSeconds?: number;
  /** Run-time settings each connection starts with (startup parameters, e.g. plan_cache_mode). */
  settings?: Record<string, string>;
};

export function createDb(
  target: ({ url: string } & PoolOptions) | { pglite: PGlite },
  logger?: QueryLogger,
): DbHandle {
  if ("url" in target) {
    const client = postgres(target.url, {
      max: target.max ?? 10,
      prepare: target.prepare ?? true,
      // Unset: connections stay open for the process's life (a long-running server).
      idle_timeout: target.idleTimeoutSeconds,
      onnotice: () => {},
      connect_timeout: 5,
      ...(target.settings ? { connection: target.settings } : {}),
    });
    const db = drizzlePostgres(client, { schema, casing: "snake_case", logger }) as unknown as Db;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const db = drizzlePglite(target.pglite, {
    schema,
    casing: "snake_case",
    logger,
  }) as unknown as Db;
  return { db, driver: "pglite", close: () => target.pglite.close() };
}

/**
 * Extensions every PGlite must load: the migrations create trigram indexes (pg_trgm, R-SCALE
 * search), and a data directory holding them cannot be written without the extension.
 */
export const pgliteExtensions = { pg_trgm };

const globalForDb = globalThis as unknown as { gatehouseDb?: DbHandle };

/**
 * The process-wide database (one PGlite instance per process: it has no cross-process lock).
 * `max` replaces DATABASE_POOL_MAX for a process that splits its connections between pools (the
 * standalone verifier); it applies only to the first call, which creates the pool.
 */
export function getDb(opts: { max?: number } = {}): Db {
  if (!globalForDb.gatehouseDb) {
    const e = env();
    globalForDb.gatehouseDb = e.DATABASE_URL
      ? createDb({
          url: e.DATABASE_URL,
          max: opts.max ?? e.DATABASE_POOL_MAX,
          prepare: e.DATABASE_PREPARE,
          // A frozen function keeps its connections; let them go once idle for a while.
          idleTimeoutSeconds: e.serverless ? 20 : undefined,
        })
      : createDb({ pglite: openPglite(e.pgliteDir ?? ".data/pglite") });
  }
  return globalForDb.gatehouseDb.db;
}

/**
 * The embedded database in `dir`, its parent made first: PGlite creates only the last directory,
 * so `next start` with GATEHOUSE_LOCAL=1 and an AUTH_SECRET (nothing else makes the data directory)
 * failed on a fresh checkout with ENOENT.
 */
function openPglite(dir: string): PGlite {
  mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  return new PGlite(dir, { extensions: pgliteExtensions });
}

export function getDbHandle(opts: { max?: number } = {}): DbHandle {
  getDb(opts);
  const handle = globalForDb.gatehouseDb;
  if (!handle) throw new Error("database not initialised");
  return handle;
}

export { schema };

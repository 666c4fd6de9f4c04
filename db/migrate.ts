import path from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { DbHandle } from "./index";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * The advisory lock every migration run takes (R-DEPLOY-MIGRATE). Other locks of the app:
 * 4242001 (first-run setup), 4242002 (demo seed).
 */
export const MIGRATION_LOCK_ID = 4242000;

export type MigrationResult = { applied: number; total: number };

/** Rows of `db.execute`: an array on postgres.js, `{ rows }` on PGlite. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Applies the committed migrations (drizzle-kit generate) to either driver, in one transaction
 * that first takes a Postgres advisory lock: concurrent runs (two deploys, two servers starting
 * on one database) wait for each other, and the later one finds everything applied. The lock is
 * transaction-scoped, so it also holds through a transaction-mode pooler. Same bookkeeping as
 * drizzle's migrator (drizzle.__drizzle_migrations: hash, created_at = the journal's `when`).
 */
export async function runMigrations(
  handle: DbHandle,
  folder = migrationsFolder,
): Promise<MigrationResult> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`));
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(sql`
      create table if not exists drizzle.__drizzle_migrations (
        id serial primary key,
        hash text not null,
        created_at bigint
      )`);
    const [last] = rowsOf<{ created_at: string | number | null }>(
      await tx.execute(
        sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
      ),
    );
    const lastMillis = last?.created_at == null ? null : Number(last.created_at);
    let applied = 0;
    for (const migration of migrations) {
      if (lastMillis !== null && lastMillis >= migration.folderMillis) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
      applied++;
    }
    return { applied, total: migrations.length };
  });
}

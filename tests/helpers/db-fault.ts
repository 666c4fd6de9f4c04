import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { expect } from "vitest";

/**
 * Makes the database itself refuse one write, mid-transaction: a trigger raises an error on
 * `op` of the rows of `table` whose `column` equals `value` (e.g. the key insert of one
 * developer). Scoped to that value, so the other test files sharing the run's Postgres database
 * are unaffected. Returns the function that removes it.
 */
export async function failWritesOf(
  db: Db,
  fault: {
    table: "keys" | "developers" | "audit_log";
    op: "INSERT" | "DELETE";
    column: string;
    value: string;
  },
): Promise<() => Promise<void>> {
  // Only our own identifiers go into the DDL.
  for (const part of [fault.table, fault.column, fault.value])
    if (!/^[a-z0-9_]+$/i.test(part)) throw new Error(`unsafe identifier or value: ${part}`);
  const name = `gh_fault_${randomBytes(4).toString("hex")}`;
  const row = fault.op === "DELETE" ? "OLD" : "NEW";
  await db.execute(
    sql.raw(
      `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault on ${fault.table}'; END $$`,
    ),
  );
  await db.execute(
    sql.raw(
      `CREATE TRIGGER ${name} BEFORE ${fault.op} ON ${fault.table} FOR EACH ROW WHEN (${row}.${fault.column} = '${fault.value}') EXECUTE FUNCTION ${name}()`,
    ),
  );
  return async () => {
    await db.execute(sql.raw(`DROP TRIGGER ${name} ON ${fault.table}`));
    await db.execute(sql.raw(`DROP FUNCTION ${name}()`));
  };
}

/**
 * Runs `write` while the database refuses `fault`, and asserts the write fails (the fault
 * surfaced, not swallowed); the fault is removed whatever happens.
 */
export async function expectFailsWhileRefusing(
  db: Db,
  fault: Parameters<typeof failWritesOf>[1],
  write: () => Promise<unknown>,
): Promise<void> {
  const heal = await failWritesOf(db, fault);
  try {
    await expect(write()).rejects.toThrow();
  } finally {
    await heal();
  }
}

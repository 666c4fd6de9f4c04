import "./provided";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { TransactionRollbackError } from "drizzle-orm";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { createDb, type Db, type DbHandle, pgliteExtensions } from "@/db";
import { insertAdmin } from "@/db/queries/admins";
import { insertDeveloper } from "@/db/queries/developers";
import { insertOrganisation } from "@/db/queries/organisations";
import type {
  AdminUser,
  Developer,
  NewDeveloper,
  NewOrganisation,
  Organisation,
} from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";

export type DbTarget = "pglite" | "postgres";

/** Targets this run can use: PGlite always, Postgres when the global setup reached one. */
export function availableTargets(): DbTarget[] {
  return inject("postgresUrl") ? ["pglite", "postgres"] : ["pglite"];
}

let template: Blob | undefined;

/** A new in-memory PGlite holding the migrated, empty schema (loaded from the run's dump). */
export async function openFreshPglite(): Promise<DbHandle> {
  template ??= new Blob([readFileSync(inject("pgliteTemplatePath"))], {
    type: "application/x-gzip",
  });
  const pglite = new PGlite({ loadDataDir: template, extensions: pgliteExtensions });
  await pglite.waitReady;
  return createDb({ pglite });
}

/** A client of the run's Postgres database, shared by every test file (never assume it is empty). */
export function openPostgres(): DbHandle {
  const url = inject("postgresUrl");
  if (!url) throw new Error("Postgres is not available in this run");
  return createDb({ url });
}

export function openTestDb(target: DbTarget): Promise<DbHandle> | DbHandle {
  return target === "pglite" ? openFreshPglite() : openPostgres();
}

type Options = { only?: DbTarget[] };

const ALL_TARGETS: DbTarget[] = ["pglite", "postgres"];

/**
 * Runs one suite once per database: `describe("<name> [pglite]")` with its own PGlite from the
 * template, and `describe("<name> [postgres]")` on the run's shared database. When Postgres is
 * not available its copy is registered as skipped, so the run's summary shows what did not run.
 */
export function describeEachDb(
  name: string,
  suite: (getDb: () => Db, target: DbTarget) => void,
  options: Options = {},
): void {
  const available = availableTargets();
  for (const target of ALL_TARGETS.filter((t) => !options.only || options.only.includes(t))) {
    if (!available.includes(target)) {
      describe.skip(`${name} [${target}]`, () => {
        suite(() => {
          throw new Error(`${target} is not available in this run`);
        }, target);
      });
      continue;
    }
    describe(`${name} [${target}]`, () => {
      let handle: DbHandle | undefined;
      beforeAll(async () => {
        handle = await openTestDb(target);
      });
      afterAll(async () => {
        await handle?.close();
      });
      suite(() => {
        if (!handle) throw new Error(`${target} database is not open (beforeAll failed?)`);
        return handle.db;
      }, target);
    });
  }
}

/**
 * A transaction that stays open until `release()`, then rolls back: what a test does through
 * `db` is seen by nobody else and leaves nothing behind (for fixed names such as the demo's
 * "acme" on the shared Postgres database).
 */
export async function openRollbackScope(db: Db): Promise<{ db: Db; release: () => Promise<void> }> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let ready: (tx: Db) => void = () => {};
  const scoped = new Promise<Db>((resolve) => {
    ready = resolve;
  });
  let failure: unknown;
  const done = db
    .transaction(async (tx) => {
      ready(tx as unknown as Db);
      await released;
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof TransactionRollbackError)) failure = err;
    });
  const scopedDb = await Promise.race([scoped, done.then(() => null)]);
  if (!scopedDb) throw failure ?? new Error("the transaction ended before the scope opened");
  return {
    db: scopedDb,
    release: async () => {
      release();
      await done;
      if (failure) throw failure;
    },
  };
}

export function randomHex(bytes = 5): string {
  return randomBytes(bytes).toString("hex");
}

export function randomSlug(prefix = "t"): string {
  return `${prefix}-${randomHex()}`;
}

export function randomEmail(local = "user"): string {
  return `${local}.${randomHex()}@example.test`;
}

/** The password every factory-made account has unless told otherwise. */
export const TEST_PASSWORD = "correct-horse-battery";

let testPasswordHash: Promise<string> | undefined;
/** scrypt costs ~0.1 s: hash the shared test password once per file. */
export function hashTestPassword(): Promise<string> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  return testPasswordHash;
}

async function passwordHashFor(password: string | undefined): Promise<string> {
  return password === undefined || password === TEST_PASSWORD
    ? hashTestPassword()
    : hashPassword(password);
}

export async function makeOrg(
  db: Db,
  overrides: Partial<NewOrganisation> = {},
): Promise<Organisation> {
  const slug = overrides.slug ?? randomSlug("org");
  return insertOrganisation(db, { name: `Org ${slug}`, ...overrides, slug });
}

type DeveloperOverrides = Partial<Omit<NewDeveloper, "orgId" | "id">> & { password?: string };

/** A developer with TEST_PASSWORD (or `password`); `passwordHash: null` makes an invited one. */
export async function makeDeveloper(
  db: Db,
  orgId: string,
  overrides: DeveloperOverrides = {},
): Promise<Developer> {
  const { password, ...values } = overrides;
  const dev = await insertDeveloper(db, orgId, {
    email: randomEmail("dev"),
    name: "Test Developer",
    passwordHash: await passwordHashFor(password),
    ...values,
  });
  if (!dev) throw new Error(`makeDeveloper: email already taken in ${orgId}`);
  return dev;
}

type AdminOverrides = {
  email?: string;
  name?: string;
  role?: "owner" | "admin" | "viewer";
  password?: string;
};

/** An admin with TEST_PASSWORD; admin emails are unique per install, so the default is random. */
export async function makeAdmin(
  db: Db,
  orgId: string,
  overrides: AdminOverrides = {},
): Promise<AdminUser> {
  return insertAdmin(db, orgId, {
    email: overrides.email ?? randomEmail("admin"),
    name: overrides.name ?? "Test Admin",
    role: overrides.role ?? "admin",
    passwordHash: await passwordHashFor(overrides.password),
  });
}

// Values the global setup hands to every test file (vitest `provide` / `inject`).
declare module "vitest" {
  export interface ProvidedContext {
    /** gzip tarball of a migrated, empty PGlite data directory. */
    pgliteTemplatePath: string;
    /** Per-run Postgres database (migrated), or null when Postgres tests are skipped. */
    postgresUrl: string | null;
    /** Why Postgres tests are skipped (null when they run). */
    postgresSkipReason: string | null;
    /** Temp directory used as GATEHOUSE_DATA_DIR, so the generated AUTH_SECRET never lands in .data. */
    testDataDir: string;
    /** e2e only (tests/helpers/e2e-global-setup.ts): a migrated, empty PGlite data directory. */
    e2ePgliteTemplateDir: string;
  }
}

export {};

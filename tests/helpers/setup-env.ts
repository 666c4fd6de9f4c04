import "./provided";
import { inject } from "vitest";

// Runs in every test worker before the test file is imported. lib/env.ts reads process.env
// lazily (first env() call), so these take effect for everything the tests import.
process.env.GATEHOUSE_DATA_DIR = inject("testDataDir");
// Emails must stay in the outbox (R-MAILBOX), never reach Resend from a test run.
delete process.env.RESEND_API_KEY;
// Tests make their own clients (tests/helpers/db.ts); the app's database is never touched.
delete process.env.DATABASE_URL;
delete process.env.APP_URL;
// The suite's webhook receivers and document servers listen on 127.0.0.1: let outbound
// requests go there (R-SEC-SSRF). Tests of the refusal pass allowPrivate: false explicitly.
process.env.GATEHOUSE_ALLOW_PRIVATE_TARGETS = "1";
// scrypt at N=2^17 costs ~128 MiB and ~0.3 s a hash; the suite makes thousands. The production
// parameters are asserted in tests/unit/passwords-policy.test.ts; the rehash rule in
// tests/integration/passwords-rehash.test.ts runs at this cost.
process.env.PASSWORD_HASH_LOG2N = "12";

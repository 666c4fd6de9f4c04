import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import {
  deleteDeveloper,
  getDeveloper,
  listDevelopers,
  updateDeveloper,
} from "@/db/queries/developers";
import { addQuotaUsage, addUsageHourly } from "@/db/queries/usage-write";
import { quotaUsage, usageDaily, usageHourly, usageOrgDaily } from "@/db/schema";
import { describeEachDb, makeDeveloper, makeOrg, randomHex } from "../helpers/db";
import { makeApi, makeKey, makePolicy } from "../helpers/dev-fixtures";

const DAY = 86400_000;

describeEachDb(
  "Developers: queries (listDevelopers, updateDeveloper, deleteDeveloper)",
  (getDb) => {
    it("R-DEV-LIST: lists developers newest first with email, name, key count, signup date and status", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const policy = await makePolicy(db, org.id);
      const t0 = new Date("2026-01-10T12:00:00Z");
      const oldest = await makeDeveloper(db, org.id, {
        email: "oldest@example.test",
        name: "Olga Oldest",
        createdAt: t0,
      });
      const middle = await makeDeveloper(db, org.id, {
        email: "middle@example.test",
        name: "Mia Middle",
        createdAt: new Date(t0.getTime() + DAY),
        status: "inactive",
      });
      const newest = await makeDeveloper(db, org.id, {
        email: "newest@example.test",
        name: "",
        createdAt: new Date(t0.getTime() + 2 * DAY),
      });
      await makeKey(db, org.id, oldest.id, [policy.id]);
      await makeKey(db, org.id, oldest.id, [policy.id]);
      await makeKey(db, org.id, middle.id, [policy.id]);

      const { rows, total } = await listDevelopers(db, org.id);
      expect(total).toBe(3);
      expect(rows).toEqual([
        {
          id: newest.id,
          email: "newest@example.test",
          name: "",
          status: "active",
          createdAt: new Date(t0.getTime() + 2 * DAY),
          keyCount: 0,
        },
        {
          id: middle.id,
          email: "middle@example.test",
          name: "Mia Middle",
          status: "inactive",
          createdAt: new Date(t0.getTime() + DAY),
          keyCount: 1,
        },
        {
          id: oldest.id,
          email: "oldest@example.test",
          name: "Olga Oldest",
          status: "active",
          createdAt: t0,
          keyCount: 2,
        },
      ]);
    });

    it("R-DEV-LIST: the key count leaves out revoked keys", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const policy = await makePolicy(db, org.id);
      const dev = await makeDeveloper(db, org.id);
      const onlyRevoked = await makeDeveloper(db, org.id);
      await makeKey(db, org.id, dev.id, [policy.id]);
      await makeKey(db, org.id, dev.id, [policy.id], { status: "revoked", revokedAt: new Date() });
      await makeKey(db, org.id, onlyRevoked.id, [policy.id], {
        status: "revoked",
        revokedAt: new Date(),
      });

      const { rows } = await listDevelopers(db, org.id);
      const counts = Object.fromEntries(rows.map((r) => [r.id, r.keyCount]));
      expect(counts).toEqual({ [dev.id]: 1, [onlyRevoked.id]: 0 });
      for (const r of rows) expect(typeof r.keyCount).toBe("number");
    });

    it("R-DEV-LIST: pages through the list without gaps or repeats; total counts every developer", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const t0 = new Date("2026-02-01T00:00:00Z").getTime();
      const made = [];
      for (let i = 0; i < 5; i++)
        made.push(
          await makeDeveloper(db, org.id, {
            email: `p${i}.${randomHex(3)}@example.test`,
            createdAt: new Date(t0 + i * 3600_000),
          }),
        );
      const newestFirst = made.map((d) => d.id).reverse();

      const pages = [];
      for (let page = 1; page <= 4; page++)
        pages.push(await listDevelopers(db, org.id, { page, pageSize: 2 }));
      expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 1, 0]);
      expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
      expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(newestFirst);
      // The default page size holds all five.
      expect((await listDevelopers(db, org.id)).rows.map((r) => r.id)).toEqual(newestFirst);
    });

    it("R-DEV-LIST: an organisation without developers lists nothing", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      expect(await listDevelopers(db, org.id)).toEqual({ rows: [], total: 0 });
      expect(await listDevelopers(db, org.id, { search: "a" })).toEqual({ rows: [], total: 0 });
    });

    it("R-DEV-SEARCH: matches part of the email, case-insensitive ('ALI' finds Alice@Example.com)", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const alice = await makeDeveloper(db, org.id, {
        email: "Alice@Example.com",
        createdAt: new Date("2026-01-01T00:00:00Z"),
      });
      const malik = await makeDeveloper(db, org.id, {
        email: "malik@corp.test",
        createdAt: new Date("2026-01-02T00:00:00Z"),
      });
      await makeDeveloper(db, org.id, { email: "bob@corp.test" });

      const ids = async (search: string) =>
        (await listDevelopers(db, org.id, { search })).rows.map((r) => r.id);
      expect(await ids("ALI")).toEqual([malik.id, alice.id]);
      expect(await ids("ali")).toEqual([malik.id, alice.id]);
      expect(await ids("alice@EXAMPLE")).toEqual([alice.id]);
      expect(await ids("  ample.co  ")).toEqual([alice.id]);
      expect(await ids("corp.TEST")).toHaveLength(2);
      expect(await ids("nobody")).toEqual([]);
      // An empty or blank search is no filter.
      expect(await ids("   ")).toHaveLength(3);
      const found = await listDevelopers(db, org.id, { search: "Ali" });
      expect(found.total).toBe(2);
      expect(found.rows[1]?.email).toBe("alice@example.com");
    });

    it("R-DEV-SEARCH: % and _ in the search are literal characters, not LIKE wildcards", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const underscore = await makeDeveloper(db, org.id, { email: "a_b@example.test" });
      const plain = await makeDeveloper(db, org.id, { email: "axb@example.test" });
      const percent = await makeDeveloper(db, org.id, { email: "100%off@example.test" });
      const backslash = await makeDeveloper(db, org.id, { email: "back\\slash@example.test" });

      const ids = async (search: string) =>
        (await listDevelopers(db, org.id, { search })).rows.map((r) => r.id).sort();
      expect(await ids("a_b")).toEqual([underscore.id]);
      expect(await ids("_")).toEqual([underscore.id]);
      expect(await ids("%")).toEqual([percent.id]);
      expect(await ids("100%OFF")).toEqual([percent.id]);
      expect(await ids("%off")).toEqual([percent.id]);
      expect(await ids("a%b")).toEqual([]);
      expect(await ids("\\")).toEqual([backslash.id]);
      expect(await ids("axb")).toEqual([plain.id]);
      expect((await listDevelopers(db, org.id, { search: "_" })).total).toBe(1);
    });

    it("R-DEV-SEARCH: search results are paginated and counted", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const t0 = new Date("2026-03-01T00:00:00Z").getTime();
      const hits = [];
      for (let i = 0; i < 3; i++)
        hits.push(
          await makeDeveloper(db, org.id, {
            email: `hit${i}@findme.test`,
            createdAt: new Date(t0 + i * 1000),
          }),
        );
      await makeDeveloper(db, org.id, { email: "miss@elsewhere.test" });
      const p1 = await listDevelopers(db, org.id, { search: "FINDME", page: 1, pageSize: 2 });
      const p2 = await listDevelopers(db, org.id, { search: "FINDME", page: 2, pageSize: 2 });
      expect([p1.total, p2.total]).toEqual([3, 3]);
      expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(hits.map((h) => h.id).reverse());
    });

    it("R-DEV-EDIT: updateDeveloper changes profile fields, lower-cases the email and returns the row", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id, {
        email: "before@example.test",
        name: "Before",
        telephone: null,
        country: "GB",
      });
      const row = await updateDeveloper(db, org.id, dev.id, {
        email: "After.Change@Example.TEST",
        name: "After",
        telephone: "+44 20 7946 0000",
        country: "DE",
        customFields: { company: "Globex", newsletter: true },
      });
      if (!row || row === "email_taken") throw new Error(`unexpected ${String(row)}`);
      expect(row).toMatchObject({
        email: "after.change@example.test",
        name: "After",
        telephone: "+44 20 7946 0000",
        country: "DE",
        customFields: { company: "Globex", newsletter: true },
      });
      expect(row.sessionVersion).toBe(dev.sessionVersion);
      expect(await getDeveloper(db, org.id, dev.id)).toMatchObject({
        email: "after.change@example.test",
        name: "After",
        country: "DE",
      });
    });

    it("R-DEV-DEACTIVATE: updateDeveloper with bumpSession increments session_version by one each time", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      const first = await updateDeveloper(db, org.id, dev.id, {
        status: "inactive",
        bumpSession: true,
      });
      if (!first || first === "email_taken") throw new Error("update failed");
      expect(first.status).toBe("inactive");
      expect(first.sessionVersion).toBe(dev.sessionVersion + 1);
      const second = await updateDeveloper(db, org.id, dev.id, { bumpSession: true });
      if (!second || second === "email_taken") throw new Error("update failed");
      expect(second.sessionVersion).toBe(dev.sessionVersion + 2);
      const noBump = await updateDeveloper(db, org.id, dev.id, { status: "active" });
      if (!noBump || noBump === "email_taken") throw new Error("update failed");
      expect(noBump.sessionVersion).toBe(dev.sessionVersion + 2);
      expect(noBump.status).toBe("active");
    });

    it("R-DEV-EDIT: updateDeveloper to an email another developer of the organisation has answers email_taken and changes nothing", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const taken = await makeDeveloper(db, org.id, { email: `taken.${randomHex()}@example.test` });
      const dev = await makeDeveloper(db, org.id, { name: "Unchanged" });
      expect(
        await updateDeveloper(db, org.id, dev.id, {
          email: taken.email.toUpperCase(),
          name: "Changed",
        }),
      ).toBe("email_taken");
      expect(await getDeveloper(db, org.id, dev.id)).toMatchObject({
        email: dev.email,
        name: "Unchanged",
      });
      // Re-saving one's own email is not a conflict.
      const same = await updateDeveloper(db, org.id, dev.id, {
        email: dev.email.toUpperCase(),
        name: "Renamed",
      });
      expect(same).toMatchObject({ email: dev.email, name: "Renamed" });
    });

    it("R-DEV-EDIT: updateDeveloper of an unknown developer returns null", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      expect(await updateDeveloper(db, org.id, "dev_doesnotexist", { name: "X" })).toBeNull();
    });

    it("R-DEV-DEACTIVATE: deleteDeveloper removes the developer once", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      const other = await makeDeveloper(db, org.id);
      expect(await deleteDeveloper(db, org.id, dev.id)).toBe(true);
      expect(await getDeveloper(db, org.id, dev.id)).toBeNull();
      expect(await deleteDeveloper(db, org.id, dev.id)).toBe(false);
      expect(await getDeveloper(db, org.id, other.id)).not.toBeNull();
    });

    it("R-DEV-DEACTIVATE: deleting a developer deletes their keys' usage rollups and quota counters (through the keys), and leaves the organisation's totals and other developers' rows", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const api = await makeApi(db, org.id);
      const policy = await makePolicy(db, org.id);
      const [gone, kept] = [await makeDeveloper(db, org.id), await makeDeveloper(db, org.id)];
      const goneKey = (await makeKey(db, org.id, gone.id, [policy.id])).key;
      const keptKey = (await makeKey(db, org.id, kept.id, [policy.id])).key;
      const hour = new Date("2026-11-20T10:00:00Z");
      const renewsAt = new Date("2026-12-01T00:00:00Z");
      for (const key of [goneKey, keptKey]) {
        await addUsageHourly(db, [
          {
            orgId: org.id,
            keyId: key.id,
            apiId: api.id,
            hour,
            requests: 3,
            successes: 2,
            errors: 1,
          },
        ]);
        await addQuotaUsage(db, [{ orgId: org.id, keyId: key.id, scope: "*", delta: 3, renewsAt }]);
      }
      const rows = async (keyId: string) => [
        (await db.select().from(usageHourly).where(eq(usageHourly.keyId, keyId))).length,
        (await db.select().from(usageDaily).where(eq(usageDaily.keyId, keyId))).length,
        (await db.select().from(quotaUsage).where(eq(quotaUsage.keyId, keyId))).length,
      ];
      expect(await rows(goneKey.id)).toEqual([1, 1, 1]);
      // The rollups take the developer from the key itself.
      const [hourly] = await db.select().from(usageHourly).where(eq(usageHourly.keyId, goneKey.id));
      expect(hourly?.developerId).toBe(gone.id);

      expect(await deleteDeveloper(db, org.id, gone.id)).toBe(true);
      expect(await rows(goneKey.id)).toEqual([0, 0, 0]);
      expect(await rows(keptKey.id)).toEqual([1, 1, 1]);
      const [total] = await db
        .select({ requests: sql<number>`sum(${usageOrgDaily.requests})::int` })
        .from(usageOrgDaily)
        .where(eq(usageOrgDaily.orgId, org.id));
      expect(total?.requests).toBe(6);
    });

    it("R-ORG-ISOLATION: listDevelopers never shows another organisation's developers or counts its keys", async () => {
      const db = getDb();
      const [a, b] = [await makeOrg(db), await makeOrg(db)];
      const polA = await makePolicy(db, a.id);
      const polB = await makePolicy(db, b.id);
      const email = `shared.${randomHex()}@example.test`;
      const inA = await makeDeveloper(db, a.id, { email });
      const inB = await makeDeveloper(db, b.id, { email });
      const onlyB = await makeDeveloper(db, b.id, { email: `onlyb.${randomHex()}@example.test` });
      await makeKey(db, a.id, inA.id, [polA.id]);
      await makeKey(db, b.id, inB.id, [polB.id]);
      await makeKey(db, b.id, inB.id, [polB.id]);

      const listA = await listDevelopers(db, a.id);
      expect(listA.total).toBe(1);
      expect(listA.rows.map((r) => [r.id, r.keyCount])).toEqual([[inA.id, 1]]);
      expect(
        (await listDevelopers(db, a.id, { search: "example.test" })).rows.map((r) => r.id),
      ).toEqual([inA.id]);
      expect(await listDevelopers(db, a.id, { search: "onlyb" })).toEqual({ rows: [], total: 0 });

      const listB = await listDevelopers(db, b.id);
      expect(listB.total).toBe(2);
      expect(new Map(listB.rows.map((r) => [r.id, r.keyCount]))).toEqual(
        new Map([
          [inB.id, 2],
          [onlyB.id, 0],
        ]),
      );
    });

    it("R-ORG-ISOLATION: updateDeveloper and deleteDeveloper through another organisation's id change nothing", async () => {
      const db = getDb();
      const [a, b] = [await makeOrg(db), await makeOrg(db)];
      const dev = await makeDeveloper(db, a.id, { name: "Owned by A" });
      expect(
        await updateDeveloper(db, b.id, dev.id, {
          name: "Hijacked",
          status: "inactive",
          bumpSession: true,
        }),
      ).toBeNull();
      expect(await deleteDeveloper(db, b.id, dev.id)).toBe(false);
      expect(await getDeveloper(db, a.id, dev.id)).toMatchObject({
        name: "Owned by A",
        status: "active",
        sessionVersion: dev.sessionVersion,
      });
    });

    it("R-ORG-ISOLATION: an email used in another organisation is not taken in this one", async () => {
      const db = getDb();
      const [a, b] = [await makeOrg(db), await makeOrg(db)];
      const inB = await makeDeveloper(db, b.id, { email: `same.${randomHex()}@example.test` });
      const inA = await makeDeveloper(db, a.id);
      const row = await updateDeveloper(db, a.id, inA.id, { email: inB.email });
      expect(row).toMatchObject({ id: inA.id, email: inB.email, orgId: a.id });
      expect(await getDeveloper(db, b.id, inB.id)).toMatchObject({ email: inB.email });
    });
  },
);

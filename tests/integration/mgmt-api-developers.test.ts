import { eq } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

import * as s from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { describeEachDb, makeDeveloper } from "../helpers/db";
import { makeKey, makePolicy } from "../helpers/dev-fixtures";
import { mgmtWorld, useAsAppDb } from "../helpers/mgmt-client";
import { auditActions, emailsTo } from "../helpers/portal-fixtures";

/** R-MGMT-API developers resource, through openapi-fetch typed from the document. */
describeEachDb("R-MGMT-API: /api/v1/developers", (getDb, target) => {
  beforeEach(() => useAsAppDb(getDb(), target));

  it("R-MGMT-API: create with an invitation → 201, the developer is emailed the link, the audit row names the token", async () => {
    const db = getDb();
    const w = await mgmtWorld(db, { name: "Acme" });
    const { data, response, error } = await w.client.POST("/api/v1/developers", {
      body: { email: "  Ada@Example.ORG ", name: "Ada Lovelace", country: "gb" },
    });
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toMatchObject({
      email: "ada@example.org",
      name: "Ada Lovelace",
      country: "GB",
      status: "active",
      has_password: false,
      email_verified: false,
      invited: true,
    });
    expect(response.headers.get("location")).toBe(
      `https://portal.example.test/api/v1/developers/${data?.id}`,
    );
    const [mail] = await emailsTo(db, w.org.id, "ada@example.org");
    expect(mail?.template).toBe("invitation");
    expect(mail?.text).toContain(`https://portal.example.test/${w.org.slug}/invite/`);
    const audit = await auditActions(db, w.org.id, data?.id ?? "");
    expect(audit).toEqual([
      expect.objectContaining({
        action: "developer.created",
        actorType: "api_token",
        actorId: w.tokenId,
      }),
    ]);
  });

  it("R-MGMT-API: create with a password applies the organisation's password rules and custom fields (the console's schema); field errors point into the body", async () => {
    const db = getDb();
    const w = await mgmtWorld(db, {
      minPasswordLength: 12,
      signupFields: [
        { key: "company", label: "Company", type: "text", required: true },
        { key: "terms", label: "Terms", type: "checkbox", required: true },
      ],
    });
    const bad = await w.client.POST("/api/v1/developers", {
      body: { email: "not-an-email", name: "", access: "password", password: "short" },
    });
    expect(bad.response.status).toBe(400);
    const pointers = (bad.error?.errors ?? []).map((e) => e.pointer).sort();
    expect(pointers).toEqual(
      ["#/custom_fields/company", "#/custom_fields/terms", "#/email", "#/name"].sort(),
    );
    // The password rule runs once the fields are valid (the console's form answers the same).
    const weak = await w.client.POST("/api/v1/developers", {
      body: {
        email: "weak@example.org",
        name: "Weak",
        access: "password",
        password: "short",
        custom_fields: { company: "X", terms: true },
      },
    });
    expect(weak.response.status).toBe(400);
    expect(weak.error?.errors).toEqual([
      { pointer: "#/password", detail: expect.stringMatching(/12/) },
    ]);
    expect(await db.select().from(s.developers).where(eq(s.developers.orgId, w.org.id))).toEqual(
      [],
    );

    const ok = await w.client.POST("/api/v1/developers", {
      body: {
        email: "grace@example.org",
        name: "Grace Hopper",
        access: "password",
        password: "a long enough passphrase",
        custom_fields: { company: " Navy ", terms: true, unknown: "ignored" },
      },
    });
    expect(ok.response.status).toBe(201);
    expect(ok.data).toMatchObject({
      has_password: true,
      email_verified: true,
      invited: false,
      custom_fields: { company: "Navy", terms: true },
    });
    const [row] = await db
      .select()
      .from(s.developers)
      .where(eq(s.developers.id, ok.data?.id ?? ""));
    expect(await verifyPassword("a long enough passphrase", row?.passwordHash ?? "")).toBe(true);
    expect(JSON.stringify(ok.data)).not.toContain("passphrase");

    const taken = await w.client.POST("/api/v1/developers", {
      body: {
        email: "GRACE@example.org",
        name: "Other",
        access: "invite",
        custom_fields: { company: "Y", terms: true },
      },
    });
    expect(taken.response.status).toBe(409);
    expect(taken.error).toMatchObject({ code: "conflict", errors: [{ pointer: "#/email" }] });
  });

  it("R-MGMT-API: list searches part of the email, filters by status and pages by cursor; get returns one", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const a = await makeDeveloper(db, w.org.id, { email: "alice@partner.test" });
    const b = await makeDeveloper(db, w.org.id, { email: "bob@partner.test", status: "inactive" });
    await makeDeveloper(db, w.org.id, { email: "carol@elsewhere.test" });

    const found = await w.client.GET("/api/v1/developers", {
      params: { query: { search: "PARTNER" } },
    });
    expect(found.data?.data.map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
    const inactive = await w.client.GET("/api/v1/developers", {
      params: { query: { status: "inactive" } },
    });
    expect(inactive.data?.data.map((d) => d.id)).toEqual([b.id]);
    const first = await w.client.GET("/api/v1/developers", { params: { query: { limit: 2 } } });
    expect(first.data?.data).toHaveLength(2);
    const rest = await w.client.GET("/api/v1/developers", {
      params: { query: { limit: 2, cursor: first.data?.next_cursor ?? undefined } },
    });
    expect(rest.data?.data).toHaveLength(1);
    expect(rest.data?.next_cursor).toBeNull();
    // A wildcard is a literal: "%" matches no email.
    const literal = await w.client.GET("/api/v1/developers", {
      params: { query: { search: "%" } },
    });
    expect(literal.data?.data).toEqual([]);

    const one = await w.client.GET("/api/v1/developers/{id}", { params: { path: { id: a.id } } });
    expect(one.data).toMatchObject({ id: a.id, email: "alice@partner.test", status: "active" });
  });

  it("R-MGMT-API: update changes only the fields sent, keeps the keys, and tells the old address of an email change; another developer's email is 409", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const dev = await makeDeveloper(db, w.org.id, { email: "old@example.test", name: "Old" });
    const other = await makeDeveloper(db, w.org.id, { email: "taken@example.test" });
    const policy = await makePolicy(db, w.org.id);
    const { key } = await makeKey(db, w.org.id, dev.id, [policy.id]);

    const r = await w.client.PATCH("/api/v1/developers/{id}", {
      params: { path: { id: dev.id } },
      body: { email: "new@example.test", telephone: "+44 20 7946 0000" },
    });
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({
      email: "new@example.test",
      name: "Old",
      telephone: "+44 20 7946 0000",
    });
    expect((await emailsTo(db, w.org.id, "old@example.test"))[0]?.template).toBe(
      "emailChangedByAdmin",
    );
    const [k] = await db.select().from(s.keys).where(eq(s.keys.id, key.id));
    expect(k?.status).toBe("active");
    expect((await auditActions(db, w.org.id, dev.id)).map((a) => [a.action, a.actorType])).toEqual([
      ["developer.updated", "api_token"],
    ]);

    const clash = await w.client.PATCH("/api/v1/developers/{id}", {
      params: { path: { id: dev.id } },
      body: { email: other.email },
    });
    expect(clash.response.status).toBe(409);
    const invalid = await w.client.PATCH("/api/v1/developers/{id}", {
      params: { path: { id: dev.id } },
      body: { country: "Narnia" },
    });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.errors?.[0]?.pointer).toBe("#/country");
  });

  it("R-MGMT-API: deactivate stops the developer (status, sessions), reactivate restores; delete revokes every key and removes the account", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const dev = await makeDeveloper(db, w.org.id);
    const policy = await makePolicy(db, w.org.id);
    const { key } = await makeKey(db, w.org.id, dev.id, [policy.id]);

    const off = await w.client.POST("/api/v1/developers/{id}/deactivate", {
      params: { path: { id: dev.id } },
    });
    expect(off.data?.status).toBe("inactive");
    const [row] = await db.select().from(s.developers).where(eq(s.developers.id, dev.id));
    expect(row?.sessionVersion).toBeGreaterThan(dev.sessionVersion);
    const on = await w.client.POST("/api/v1/developers/{id}/reactivate", {
      params: { path: { id: dev.id } },
    });
    expect(on.data?.status).toBe("active");

    const gone = await w.client.DELETE("/api/v1/developers/{id}", {
      params: { path: { id: dev.id } },
    });
    expect(gone.data).toEqual({ id: dev.id, deleted: true, revoked_key_ids: [key.id] });
    expect(await db.select().from(s.developers).where(eq(s.developers.id, dev.id))).toEqual([]);
    const again = await w.client.DELETE("/api/v1/developers/{id}", {
      params: { path: { id: dev.id } },
    });
    expect(again.response.status).toBe(404);

    // The audit resource lists what the token did, filtered by actor and action prefix.
    const audit = await w.client.GET("/api/v1/audit-entries", {
      params: { query: { actor_id: w.tokenId, action: "developer." } },
    });
    expect(audit.data?.data.map((a) => a.action)).toEqual([
      "developer.deleted",
      "developer.reactivated",
      "developer.deactivated",
    ]);
    expect(audit.data?.data[0]).toMatchObject({ actor_type: "api_token", target_id: dev.id });
    const none = await w.client.GET("/api/v1/audit-entries", {
      params: { query: { actor_id: w.tokenId, until: "2000-01-01T00:00:00Z" } },
    });
    expect(none.data?.data).toEqual([]);
    const badTime = await w.client.GET("/api/v1/audit-entries", {
      params: { query: { since: "yesterday" } },
    });
    expect(badTime.response.status).toBe(400);
  });
});

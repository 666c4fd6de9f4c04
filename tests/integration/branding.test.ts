import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getBranding, getLogo } from "@/db/queries/branding";
import { auditLog } from "@/db/schema";
import { adminActor } from "@/lib/outcome";
import { saveBranding } from "@/lib/settings/branding";
import { describeEachDb, makeAdmin, makeOrg } from "../helpers/db";

const PNG_B64 = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex").toString("base64");

describeEachDb("R-PORTAL-HOME: Settings → Branding (lib/settings/branding.ts)", (getDb) => {
  it("R-PORTAL-HOME: saves the accent and the logo, replaces and removes the logo, with an audit row each time; another organisation is untouched", async () => {
    const db = getDb();
    const [org, other] = [await makeOrg(db), await makeOrg(db)];
    const actor = adminActor((await makeAdmin(db, org.id)).id);
    expect(await getBranding(db, org.id)).toEqual({ accentColor: null, logoVersion: null });

    const set = { change: "set" as const, mimeType: "image/png" as const, base64: PNG_B64 };
    expect(
      await saveBranding(db, org.id, actor, { accentColor: "#0b5fff", logo: set }),
    ).toMatchObject({ ok: true });
    const first = await getBranding(db, org.id);
    expect(first?.accentColor).toBe("#0b5fff");
    expect(first?.logoVersion).toEqual(expect.any(Number));
    expect((await getLogo(db, org.id))?.dataBase64).toBe(PNG_B64);

    // Keeping the logo while changing the colour leaves the logo (and its version) alone.
    await saveBranding(db, org.id, actor, { accentColor: null, logo: { change: "keep" } });
    expect(await getBranding(db, org.id)).toEqual({
      accentColor: null,
      logoVersion: first?.logoVersion,
    });

    await saveBranding(db, org.id, actor, { accentColor: null, logo: { change: "remove" } });
    expect(await getLogo(db, org.id)).toBeNull();
    expect(await getBranding(db, other.id)).toEqual({ accentColor: null, logoVersion: null });

    const audit = await db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "settings.branding_updated")));
    expect(audit.map((a) => (a.data as { logo: string }).logo).sort()).toEqual([
      "keep",
      "remove",
      "set",
    ]);
  });

  it("R-ORG-ISOLATION: saving branding for an organisation that does not exist changes nothing", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = adminActor((await makeAdmin(db, org.id)).id);
    expect(
      await saveBranding(db, "org_doesnotexist", actor, {
        accentColor: "#0b5fff",
        logo: { change: "remove" },
      }),
    ).toMatchObject({ ok: false, reason: "not_found" });
  });
});

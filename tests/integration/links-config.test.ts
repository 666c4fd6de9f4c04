import { beforeEach, expect, it, vi } from "vitest";

/**
 * R-SEC-LINKS through the real password-reset action: the request names another host in every
 * header an app might trust (Host, X-Forwarded-Host, X-Forwarded-Proto, Origin, Forwarded), and
 * the emailed link is still on APP_URL. Stood in for: the request's headers (next/headers) and
 * `after` (no request around the action).
 */
const ctx = vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
  return { after: [] as Promise<unknown>[] };
});
const HOSTILE = new Headers({
  host: "attacker.example",
  "x-forwarded-host": "attacker.example",
  "x-forwarded-proto": "http",
  origin: "http://attacker.example",
  forwarded: "host=attacker.example;proto=http",
  "x-real-ip": "198.51.100.23",
});
vi.mock("next/headers", () => ({
  headers: async () => HOSTILE,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: (() => unknown) | Promise<unknown>) =>
    void ctx.after.push(Promise.resolve(typeof task === "function" ? task() : task)),
}));

import { requestResetAction } from "@/app/[org]/reset/actions";
import type { DbHandle } from "@/db";
import type { ActionState } from "@/lib/actions/state";
import { runAction } from "../helpers/bad-input-actions";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { form } from "../helpers/hostile-input";
import { emailsTo } from "../helpers/portal-fixtures";

describeEachDb("R-SEC-LINKS: links in emails come from APP_URL only", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
    ctx.after = [];
  });

  it("R-SEC-LINKS: a reset request sent with Host and X-Forwarded-Host attacker.example emails a link on APP_URL", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const initial: ActionState = { ok: false };
    const r = await runAction(db, org.id, () =>
      requestResetAction(initial, form({ email: dev.email, org: org.slug })),
    );
    expect(r.outcome).toBe("done");
    await Promise.all(ctx.after.splice(0));
    const [mail, ...more] = await emailsTo(db, org.id, dev.email);
    expect(more).toHaveLength(0);
    const links = [
      ...`${mail?.text ?? ""} ${mail?.html ?? ""}`.matchAll(/https?:\/\/[^\s"'<>]+/g),
    ].map((m) => m[0]);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => l.includes("attacker.example"))).toEqual([]);
    expect(links.some((l) => l.startsWith(`https://portal.example.test/${org.slug}/reset/`))).toBe(
      true,
    );
  });
});

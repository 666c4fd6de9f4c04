import { beforeAll, beforeEach, expect, it } from "vitest";
import { signupDeveloperAction } from "@/app/[org]/actions";
import type { DbHandle } from "@/db";
import type { ActionState } from "@/lib/actions/state";
import { requestPasswordReset } from "@/lib/developers/reset";
import { emailFlowGate } from "@/lib/throttle/email-flows";
import { setThrottle, Throttle } from "@/lib/throttle/limiter";
import { LIMITS } from "@/lib/throttle/rules";
import { describeEachDb, makeDeveloper, makeOrg, randomEmail } from "../helpers/db";
import { form, isRedirect } from "../helpers/hostile-input";
import { emailsTo, portalUrlOf } from "../helpers/portal-fixtures";

/** R-SEC-THROTTLE for flows that email someone: nobody's inbox can be flooded. */
let clock = Date.UTC(2026, 0, 1);
let throttle: Throttle;

describeEachDb("R-SEC-THROTTLE: email flows (reset, signup)", (getDb, target) => {
  beforeAll(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
  });
  beforeEach(() => {
    clock += 24 * 3_600_000;
    throttle = new Throttle({ now: () => clock });
    setThrottle(throttle);
  });

  /** What the reset action does: the gate, then the email only when the gate says "send". */
  async function resetRequest(
    org: Parameters<typeof requestPasswordReset>[1],
    email: string,
    address: string,
  ) {
    const gate = await emailFlowGate("reset", { scope: org.id, email, address }, throttle);
    if (gate.kind === "send") await requestPasswordReset(getDb(), org, email, portalUrlOf(org));
    return gate.kind;
  }

  it("R-SEC-THROTTLE: 30 reset requests for one email (from 30 addresses) put 3 emails in the inbox; the answer never changes", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const kinds = [];
    for (let i = 0; i < 30; i++) kinds.push(await resetRequest(org, dev.email, `198.51.100.${i}`));
    expect(await emailsTo(db, org.id, dev.email, "passwordReset")).toHaveLength(
      LIMITS.emailTarget.limit,
    );
    // "quiet" answers exactly like "send" in the action; an unknown email goes the same way.
    expect(kinds.filter((k) => k === "quiet")).toHaveLength(27);
    const nobody = randomEmail("nobody");
    const unknownKinds = [];
    for (let i = 0; i < 30; i++) unknownKinds.push(await resetRequest(org, nobody, `192.0.2.${i}`));
    expect(unknownKinds).toEqual(kinds);
    // The window ends: the owner can ask again.
    clock += LIMITS.emailTarget.windowMs;
    expect(await resetRequest(org, dev.email, "203.0.113.1")).toBe("send");
    expect(await emailsTo(db, org.id, dev.email, "passwordReset")).toHaveLength(4);
  }, 180_000);

  it("R-SEC-THROTTLE: one client address gets 10 reset requests an hour, then 'try again in …'", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const kinds = [];
    for (let i = 0; i < 12; i++)
      kinds.push(await resetRequest(org, randomEmail("spray"), "203.0.113.50"));
    expect(kinds.slice(0, 10)).toEqual(Array(10).fill("send"));
    expect(kinds.slice(10)).toEqual(["refused", "refused"]);
    const gate = await emailFlowGate(
      "reset",
      { scope: org.id, email: "x@example.test", address: "203.0.113.50" },
      throttle,
    );
    expect(gate).toMatchObject({ kind: "refused" });
    expect(gate.kind === "refused" && gate.retryAfterMs).toBe(LIMITS.emailAddress.windowMs);
  });

  it("R-SEC-THROTTLE: signing up the same email 6 times sends 3 emails; every answer is the same redirect", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const email = randomEmail("victim");
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      try {
        const r: ActionState = await signupDeveloperAction(
          { ok: false },
          form({ org: org.slug, name: "Mallory", email, password: `signup-attempt-${i}-x` }),
        );
        answers.push(JSON.stringify(r));
      } catch (err) {
        if (!isRedirect(err)) throw err;
        answers.push(
          String((err as { digest: string }).digest)
            .split(";")
            .slice(0, 3)
            .join(";"),
        );
      }
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain(`/${org.slug}/login?signedUp=1`);
    const mails = [
      ...(await emailsTo(db, org.id, email, "welcome")),
      ...(await emailsTo(db, org.id, email, "signupExisting")),
    ];
    expect(mails).toHaveLength(3);
  }, 180_000);
});

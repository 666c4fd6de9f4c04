import { describe, expect, it } from "vitest";
import type { GatewayKeyLoad } from "@/db/queries/gateway";
import { KeyLoadBatcher } from "@/lib/gateway/key-batch";

/**
 * R-GW-VERIFY (issue 14, cold keys): under load, misses wait for a statement in flight and then go
 * together, so statements carry more keys instead of being more. Structural, not timed: the
 * statements a batcher sends are recorded and answered by hand.
 */
describe("R-GW-VERIFY: cold-key statements in flight", () => {
  const turn = () => new Promise<void>((r) => setImmediate(r));

  function recorder() {
    const sent: Array<{ hashes: string[]; answer: () => void; fail: (e: Error) => void }> = [];
    const batcher = new KeyLoadBatcher(
      (_orgId, hashes) =>
        new Promise<Map<string, GatewayKeyLoad>>((resolve, reject) => {
          sent.push({ hashes, answer: () => resolve(new Map()), fail: reject });
        }),
    );
    return { sent, batcher };
  }

  it("R-GW-VERIFY: with two statements in flight, misses of later turns wait, then go as one statement once one comes back", async () => {
    const { sent, batcher } = recorder();
    const a = batcher.load("org_a", "a");
    await turn();
    const b = batcher.load("org_a", "b");
    await turn();
    expect(sent.map((s) => s.hashes)).toEqual([["a"], ["b"]]);
    const waiting = [batcher.load("org_a", "c")];
    await turn();
    waiting.push(batcher.load("org_a", "d"), batcher.load("org_b", "e"));
    await turn();
    await turn();
    expect(sent).toHaveLength(2);
    sent[0]?.answer();
    expect(await a).toBeNull();
    await turn();
    await turn();
    // One round: org_a's two waiting hashes in one statement, org_b's in its own.
    expect(sent.slice(2).map((s) => s.hashes)).toEqual([["c", "d"], ["e"]]);
    for (const s of sent.slice(1)) s.answer();
    expect(await b).toBeNull();
    expect(await Promise.all(waiting)).toEqual([null, null, null]);
  });

  it("R-GW-VERIFY: a failed statement frees its place: the waiting misses are sent, and a lone miss on an idle batcher goes at once", async () => {
    const { sent, batcher } = recorder();
    const first = [batcher.load("org_a", "a")];
    await turn();
    first.push(batcher.load("org_a", "b"));
    await turn();
    const later = batcher.load("org_a", "c");
    await turn();
    expect(sent).toHaveLength(2);
    sent[0]?.fail(new Error("database down"));
    await expect(first[0]).rejects.toThrow("database down");
    await turn();
    await turn();
    expect(sent.map((s) => s.hashes)).toEqual([["a"], ["b"], ["c"]]);
    sent[1]?.answer();
    sent[2]?.answer();
    expect(await Promise.all([first[1], later])).toEqual([null, null]);
    await turn();
    const lone = batcher.load("org_a", "z");
    await turn();
    expect(sent.at(-1)?.hashes).toEqual(["z"]);
    sent.at(-1)?.answer();
    expect(await lone).toBeNull();
  });
});

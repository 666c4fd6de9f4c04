import { describe, expect, it } from "vitest";
import type { GatewayKeyLoad } from "@/db/queries/gateway";
import { KeyLoadBatcher, ROUND_HOLD_MS } from "@/lib/gateway/key-batch";

/**
 * R-GW-VERIFY (issue 14, cold keys): under load, misses wait for the statements in flight and then go
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

  it("R-GW-VERIFY: with a statement in flight, misses of later turns wait, then go as one round once it comes back", async () => {
    const { sent, batcher } = recorder();
    const a = batcher.load("org_a", "a");
    await turn();
    expect(sent.map((s) => s.hashes)).toEqual([["a"]]);
    const waiting = [batcher.load("org_a", "b")];
    await turn();
    waiting.push(batcher.load("org_a", "c"), batcher.load("org_b", "d"));
    await turn();
    await turn();
    expect(sent).toHaveLength(1);
    sent[0]?.answer();
    expect(await a).toBeNull();
    await turn();
    await turn();
    // One round: org_a's two waiting hashes in one statement, org_b's in its own.
    expect(sent.slice(1).map((s) => s.hashes)).toEqual([["b", "c"], ["d"]]);
    // The next misses wait for the whole round.
    const last = batcher.load("org_a", "e");
    await turn();
    sent[1]?.answer();
    await turn();
    await turn();
    expect(sent).toHaveLength(3);
    sent[2]?.answer();
    expect(await Promise.all(waiting)).toEqual([null, null, null]);
    await turn();
    await turn();
    expect(sent.at(-1)?.hashes).toEqual(["e"]);
    sent.at(-1)?.answer();
    expect(await last).toBeNull();
  });

  it("R-GW-VERIFY: a failed statement frees its place: the waiting misses are sent, and a lone miss on an idle batcher goes at once", async () => {
    const { sent, batcher } = recorder();
    const first = batcher.load("org_a", "a");
    await turn();
    const later = batcher.load("org_a", "b");
    await turn();
    expect(sent).toHaveLength(1);
    sent[0]?.fail(new Error("database down"));
    await expect(first).rejects.toThrow("database down");
    await turn();
    await turn();
    expect(sent.map((s) => s.hashes)).toEqual([["a"], ["b"]]);
    sent[1]?.answer();
    expect(await later).toBeNull();
    await turn();
    await turn();
    const lone = batcher.load("org_a", "z");
    await turn();
    expect(sent.at(-1)?.hashes).toEqual(["z"]);
    sent.at(-1)?.answer();
    expect(await lone).toBeNull();
  });

  it("R-GW-VERIFY: a statement that never comes back holds its place for ROUND_HOLD_MS only: later misses are then sent without it", async () => {
    const { sent, batcher } = recorder();
    void batcher.load("org_a", "hangs").catch(() => undefined);
    await turn();
    const later = batcher.load("org_a", "b");
    await turn();
    await turn();
    expect(sent).toHaveLength(1);
    await new Promise((r) => setTimeout(r, ROUND_HOLD_MS * 2));
    await turn();
    expect(sent.map((s) => s.hashes)).toEqual([["hangs"], ["b"]]);
    sent[1]?.answer();
    expect(await later).toBeNull();
  });
});

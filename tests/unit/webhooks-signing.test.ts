import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, nextAttemptAfter, RETRY_DELAYS_SECONDS } from "@/lib/webhooks/deliver";
import {
  decryptSecret,
  encryptSecret,
  newWebhookSecret,
  SecretBoxError,
} from "@/lib/webhooks/secret-box";
import { signPayload, verifySignature } from "@/lib/webhooks/signature";
import { createWebhookSchema } from "@/lib/webhooks/validation";

const SECRET = "whsec_testsecret123";
const BODY = JSON.stringify({
  id: "evt_1",
  type: "developer.created",
  data: { developer_id: "dev_1" },
});
const NOW = new Date("2030-01-01T12:00:00Z");
const AUTH_SECRET = "a".repeat(43);

describe("R-WEBHOOKS: signatures (Gatehouse-Signature: t=…,v1=…)", () => {
  it("R-WEBHOOKS: the header is t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)> and verifies", () => {
    const header = signPayload(SECRET, BODY, NOW);
    const t = NOW.getTime() / 1000;
    const expected = createHmac("sha256", SECRET).update(`${t}.${BODY}`).digest("hex");
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verifySignature(SECRET, header, BODY, NOW)).toBe(true);
  });

  it("R-WEBHOOKS: a changed body, another secret or a forged signature is rejected", () => {
    const header = signPayload(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, header, BODY.replace("dev_1", "dev_2"), NOW)).toBe(false);
    expect(verifySignature(`${SECRET}x`, header, BODY, NOW)).toBe(false);
    const forged = header.replace(/v1=(.)/, (_, c: string) => `v1=${c === "0" ? "1" : "0"}`);
    expect(verifySignature(SECRET, forged, BODY, NOW)).toBe(false);
    // Moving the timestamp breaks the HMAC, which covers it.
    const t = NOW.getTime() / 1000;
    expect(verifySignature(SECRET, header.replace(`t=${t}`, `t=${t + 1}`), BODY, NOW)).toBe(false);
  });

  it("R-WEBHOOKS: a timestamp more than 5 minutes from now is rejected (replay protection)", () => {
    const header = signPayload(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, header, BODY, new Date(NOW.getTime() + 299_000))).toBe(true);
    expect(verifySignature(SECRET, header, BODY, new Date(NOW.getTime() + 301_000))).toBe(false);
    expect(verifySignature(SECRET, header, BODY, new Date(NOW.getTime() - 301_000))).toBe(false);
  });

  it("R-WEBHOOKS: malformed headers are rejected, several v1 entries accepted if one matches", () => {
    for (const bad of [
      null,
      "",
      "garbage",
      "t=abc,v1=00",
      `v1=${"0".repeat(64)}`,
      "t=1893499200",
    ]) {
      expect(verifySignature(SECRET, bad, BODY, NOW)).toBe(false);
    }
    const header = signPayload(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, `${header},v1=${"0".repeat(64)}`, BODY, NOW)).toBe(true);
    expect(
      verifySignature(SECRET, header.replace(",v1=", `,v1=${"f".repeat(64)},v1=`), BODY, NOW),
    ).toBe(true);
  });
});

describe("R-WEBHOOKS: signing secrets at rest (AES-256-GCM under AUTH_SECRET)", () => {
  it("R-WEBHOOKS: a new secret is whsec_ + base58, its start is kept for display", () => {
    const { secret, start } = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[1-9A-HJ-NP-Za-km-z]{30,}$/);
    expect(secret.startsWith(start)).toBe(true);
    expect(start.length).toBeLessThan(12);
    expect(newWebhookSecret().secret).not.toBe(secret);
  });

  it("R-WEBHOOKS: encrypt/decrypt round-trips; the ciphertext does not contain the secret and differs each time", () => {
    const { secret } = newWebhookSecret();
    const a = encryptSecret(secret, "whk_1", AUTH_SECRET);
    const b = encryptSecret(secret, "whk_1", AUTH_SECRET);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain(secret.slice(6));
    expect(decryptSecret(a, "whk_1", AUTH_SECRET)).toBe(secret);
  });

  it("R-WEBHOOKS: another endpoint's id, another AUTH_SECRET or a flipped byte cannot decrypt", () => {
    const stored = encryptSecret("whsec_abc", "whk_1", AUTH_SECRET);
    expect(() => decryptSecret(stored, "whk_2", AUTH_SECRET)).toThrow(SecretBoxError);
    expect(() => decryptSecret(stored, "whk_1", "b".repeat(43))).toThrow(SecretBoxError);
    const raw = Buffer.from(stored.slice(3), "base64url");
    raw.writeUInt8((raw.at(-1) ?? 0) ^ 1, raw.length - 1);
    expect(() => decryptSecret(`v1.${raw.toString("base64url")}`, "whk_1", AUTH_SECRET)).toThrow(
      SecretBoxError,
    );
    expect(() => decryptSecret("v2.xyz", "whk_1", AUTH_SECRET)).toThrow(SecretBoxError);
  });
});

describe("R-WEBHOOKS: retry schedule and endpoint validation", () => {
  it("R-WEBHOOKS: backoff grows 10 s, 30 s, 2 min, 10 min, 1 h … and gives up after 8 attempts", () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(RETRY_DELAYS_SECONDS.slice(0, 5)).toEqual([10, 30, 120, 600, 3600]);
    expect(nextAttemptAfter(1, NOW)?.getTime()).toBe(NOW.getTime() + 10_000);
    expect(nextAttemptAfter(2, NOW)?.getTime()).toBe(NOW.getTime() + 30_000);
    expect(nextAttemptAfter(7, NOW)?.getTime()).toBe(NOW.getTime() + 6 * 3600_000);
    expect(nextAttemptAfter(8, NOW)).toBeNull();
  });

  it("R-WEBHOOKS: only http(s) URLs without credentials; at least one known event", () => {
    const ok = createWebhookSchema.safeParse({
      url: " https://hooks.example.com/x ",
      events: ["key.created", "developer.created"],
    });
    // Events come back in the canonical order, trimmed URL.
    expect(ok.success && ok.data).toEqual({
      url: "https://hooks.example.com/x",
      events: ["developer.created", "key.created"],
    });
    expect(
      createWebhookSchema.safeParse({ url: "http://127.0.0.1:9/h", events: "key.revoked" }).success,
    ).toBe(true);
    const errors = (v: Record<string, unknown>) => {
      const r = createWebhookSchema.safeParse(v);
      return r.success
        ? {}
        : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
    };
    expect(errors({ url: "ftp://x.example/", events: ["key.created"] }).url).toMatch(
      /https:\/\/ or http:\/\//,
    );
    expect(errors({ url: "not a url", events: ["key.created"] }).url).toMatch(/full URL/);
    expect(errors({ url: "https://u:p@x.example/", events: ["key.created"] }).url).toMatch(
      /credentials/,
    );
    expect(errors({ url: "https://x.example/" }).events).toMatch(/at least one/);
    expect(errors({ url: "https://x.example/", events: ["key.exploded"] }).events).toBeDefined();
  });
});

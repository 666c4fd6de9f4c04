import { afterEach, describe, expect, it, vi } from "vitest";
import { errorResponse } from "@/lib/gateway/http";
import { deliveryLog, gatewayLog } from "@/lib/log";

/** Every line the process writes to stderr while `fn` runs. */
function stderrLines(fn: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("structured logs of the gateway and the delivery worker", () => {
  afterEach(() => vi.restoreAllMocks());

  it("R-SEC-SECRETS-VIEW: a log line is one JSON object naming its component; a field named like a secret is redacted", () => {
    const lines = stderrLines(() => {
      gatewayLog.error(
        { key: "gh_abcdefghijklmnopqrstuvwxyz", nested: { token: "gw_secret" }, keyId: "key_1" },
        "refused",
      );
      deliveryLog.warn({ deliveryId: "whd_1", secret: "whsec_x" }, "retrying");
    });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        service: "gatehouse",
        component: "gateway",
        msg: "refused",
        key: "[redacted]",
        nested: { token: "[redacted]" },
        keyId: "key_1",
      }),
      expect.objectContaining({
        level: 40,
        component: "delivery",
        deliveryId: "whd_1",
        secret: "[redacted]",
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/gh_abc|gw_secret|whsec_x/);
  });

  it("R-SEC-BAD-INPUT: an unexpected gateway error is logged as a structured line with its message only, and answered 500 without it", () => {
    let answer: ReturnType<typeof errorResponse> | undefined;
    const lines = stderrLines(() => {
      answer = errorResponse(new Error("socket hang up at 10.0.0.7:5432"));
    });
    expect(lines).toEqual([
      expect.objectContaining({
        component: "gateway",
        msg: "unexpected error",
        err: "socket hang up at 10.0.0.7:5432",
      }),
    ]);
    expect(lines[0]).not.toHaveProperty("stack");
    expect(answer?.status).toBe(500);
    expect(answer?.body).not.toContain("10.0.0.7");
  });
});

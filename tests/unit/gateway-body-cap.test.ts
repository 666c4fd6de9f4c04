import { describe, expect, it } from "vitest";
import { gatewayBody } from "@/app/api/gateway/read-body";

function chunked(bytes: number): Request {
  // No Content-Length: the body streams, so only counting what is read can stop it.
  const chunk = new Uint8Array(16 * 1024).fill(0x61);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return new Request("http://gw.test/api/gateway/verify", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
}

describe("R-SEC-BAD-INPUT: gateway JSON bodies are read with a cap", () => {
  it("R-SEC-BAD-INPUT: a streamed body over the limit is refused with 413 problem details, without reading it all", async () => {
    const r = await gatewayBody(chunked(10 * 1024 * 1024), 64 * 1024, "send at most 64 KB");
    expect("refused" in r && r.refused.status).toBe(413);
    expect("refused" in r && JSON.parse(r.refused.body)).toEqual({
      error: { code: "payload_too_large", message: "The body is too large: send at most 64 KB." },
    });
  });

  it("R-SEC-BAD-INPUT: an announced length over the limit is refused at once; invalid UTF-8 is a 400", async () => {
    const big = new Request("http://gw.test/x", {
      method: "POST",
      body: "{}",
      headers: { "content-length": String(10 * 1024 * 1024) },
    });
    const r = await gatewayBody(big, 64 * 1024, "send at most 64 KB");
    expect("refused" in r && r.refused.status).toBe(413);
    const bad = new Request("http://gw.test/x", {
      method: "POST",
      body: new Uint8Array([0x7b, 0xff, 0x7d]),
    });
    const b = await gatewayBody(bad, 64 * 1024, "x");
    expect("refused" in b && [b.refused.status, JSON.parse(b.refused.body).error.code]).toEqual([
      400,
      "bad_request",
    ]);
    const ok = await gatewayBody(
      new Request("http://gw.test/x", { method: "POST", body: '{"key":"é"}' }),
      64,
      "x",
    );
    expect(ok).toEqual({ text: '{"key":"é"}' });
  });
});

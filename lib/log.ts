import pino from "pino";

/**
 * Structured logs (one JSON object per line, on stderr) for the parts that run unattended: the
 * gateway and the webhook/email delivery worker. Callers log ids, codes and error messages —
 * never keys, tokens or passwords; the redact list is a second net for a field named like one.
 * LOG_LEVEL (default "info") filters.
 */
export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { service: "gatehouse" },
    redact: {
      paths: [
        "key",
        "token",
        "password",
        "secret",
        "authorization",
        "*.key",
        "*.token",
        "*.password",
        "*.secret",
        "*.authorization",
      ],
      censor: "[redacted]",
    },
  },
  // Through process.stderr (not a file descriptor of its own), so whatever captures the
  // process's output — a supervisor, or a test — sees every line.
  process.stderr,
);

export const gatewayLog = log.child({ component: "gateway" });
export const deliveryLog = log.child({ component: "delivery" });

/** An error's message only: stacks and driver fields stay out of the log line. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

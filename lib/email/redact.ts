import type { AdminRole } from "@/lib/auth/guards";

/**
 * R-SEC-SECRETS-VIEW: what the Mailbox (and anything else that shows outbox content) may show.
 *
 * Redaction is by shape, at display time, over the subject, the HTML and the text. Three nets,
 * each enough on its own for today's emails:
 * 1. product secrets by prefix: API keys `gh_…`, gateway / management tokens `gw_…` / `gm_…`,
 *    webhook secrets `whsec_…` (also their "first characters… (redacted after delivery)" stubs);
 * 2. the path segment after every route that takes a link token (the link builders' routes);
 * 3. the shape of a link token itself (lib/crypto.ts newUrlToken: base58 of 24 random bytes,
 *    32–33 characters): any run of 28+ base58 characters, wherever it stands — so a link under a
 *    route added later is still covered. Nothing else we send is that long without a separator.
 * Marking secrets at send time was not taken: the stored HTML is what Resend receives (and what
 * the cron retries), so markers would reach inboxes, and there is no column to keep secret hashes.
 */
export const REDACTED = "[redacted]";

const B58 = "[1-9A-HJ-NP-Za-km-z]";
const SECRET_PREFIXES = ["gh", "gw", "gm", "whsec"] as const;

/** Routes whose next path segment is a link token (portal and admin). Keep in step with the link builders. */
export const LINK_TOKEN_ROUTES = [
  "reset",
  "invite",
  "verify",
  "keys/generate",
  "confirm-email",
  "security",
] as const;

const PREFIXED = new RegExp(`(?<![A-Za-z0-9])(?:${SECRET_PREFIXES.join("|")})_${B58}{4,}`, "g");
// A link token's characters (lib/validation/ids.ts linkTokenField).
const ROUTED = new RegExp(`(/(?:${LINK_TOKEN_ROUTES.join("|")})/)([A-Za-z0-9_-]+)`, "g");
const TOKEN_SHAPED = new RegExp(`(?<![A-Za-z0-9_])${B58}{28,}(?![A-Za-z0-9_])`, "g");

/** The text with every link token and product secret replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return text
    .replace(PREFIXED, REDACTED)
    .replace(ROUTED, `$1${REDACTED}`)
    .replace(TOKEN_SHAPED, REDACTED);
}

export type EmailStatus = "stored" | "queued" | "sent" | "failed";

/**
 * Viewers never see secrets. Owners and admins see them only in a message that was never
 * delivered because no provider is configured (status "stored"): the local-testing case. Once
 * Resend has (or may have) the message — queued, sent, failed — the recipient alone holds them.
 */
export function maySeeSecrets(role: AdminRole, status: EmailStatus): boolean {
  return role !== "viewer" && status === "stored";
}

export type Redactable = { subject: string; html: string; text: string; status: EmailStatus };

export type EmailView<T> = T & {
  /** The message holds link tokens or keys (whether or not they are shown). */
  hasSecrets: boolean;
  /** They are shown to this admin (undelivered local-mode message, owner or admin). */
  secretsShown: boolean;
};

/** The message as this role may see it: subject, HTML and text redacted unless maySeeSecrets. */
export function viewEmail<T extends Redactable>(email: T, role: AdminRole): EmailView<T> {
  const redacted = {
    subject: redactSecrets(email.subject),
    html: redactSecrets(email.html),
    text: redactSecrets(email.text),
  };
  const hasSecrets =
    redacted.subject !== email.subject ||
    redacted.html !== email.html ||
    redacted.text !== email.text;
  if (maySeeSecrets(role, email.status)) return { ...email, hasSecrets, secretsShown: hasSecrets };
  return { ...email, ...redacted, hasSecrets, secretsShown: false };
}

/** A list row (subject only) as this role may see it. */
export function viewSubject(subject: string, status: EmailStatus, role: AdminRole): string {
  return maySeeSecrets(role, status) ? subject : redactSecrets(subject);
}

import { describe, expect, it } from "vitest";
import { newUrlToken } from "@/lib/crypto";
import {
  LINK_TOKEN_ROUTES,
  maySeeSecrets,
  REDACTED,
  redactSecrets,
  viewEmail,
  viewSubject,
} from "@/lib/email/redact";
import { renderTemplate } from "@/lib/email/send";
import { generateKey } from "@/lib/keys/format";
import { newWebhookSecret } from "@/lib/webhooks/secret-box";

const BASE = "https://portal.example.test/acme";

describe("lib/email/redact.ts", () => {
  it("R-SEC-SECRETS-VIEW: every link token route loses its token, in text and in an href", () => {
    for (const route of LINK_TOKEN_ROUTES) {
      const { token } = newUrlToken();
      const link = `${BASE}/${route}/${token}`;
      const out = redactSecrets(`Open <a href="${link}">this</a> or paste ${link}.`);
      expect(out, route).not.toContain(token);
      expect(out).toContain(`href="${BASE}/${route}/${REDACTED}"`);
      expect(out).toContain(`paste ${BASE}/${route}/${REDACTED}.`);
    }
  });

  it("R-SEC-SECRETS-VIEW: a token under a route nobody listed is still caught by its shape (500 generated tokens)", () => {
    for (let i = 0; i < 500; i++) {
      const { token } = newUrlToken();
      const out = redactSecrets(`${BASE}/some/new-route/${token}?x=1 and (${token})`);
      expect(out).not.toContain(token);
    }
  });

  it("R-SEC-SECRETS-VIEW: API keys, gateway and management tokens, webhook secrets and their stubs", () => {
    const secrets = [
      generateKey().key,
      generateKey("gw").key,
      generateKey("gm").key,
      newWebhookSecret().secret,
    ];
    for (const secret of secrets) {
      const out = redactSecrets(`Your key: ${secret}\n<p style="x">${secret}</p>`);
      expect(out).not.toContain(secret);
      expect(out).not.toContain(secret.slice(3, 12));
      expect(out).toContain(`Your key: ${REDACTED}`);
    }
    // The stored copy of a delivered key email keeps its first characters; those go too.
    const stub = `${generateKey().key.slice(0, 9)}… (redacted after delivery)`;
    expect(redactSecrets(stub)).toBe(`${REDACTED}… (redacted after delivery)`);
  });

  it("R-SEC-SECRETS-VIEW: ordinary email text is left alone", () => {
    const text =
      "Welcome, Alice! Log in at https://portal.example.test/acme/login or reset at " +
      "https://portal.example.test/acme/reset. Your request for Weather API (dev_3hK9aBc) " +
      "was declined. Contact mailbox-first.m3x4abc@example.com.";
    expect(redactSecrets(text)).toBe(text);
  });

  it("R-SEC-SECRETS-VIEW: a rendered reset email keeps its words and loses its token in HTML and text", async () => {
    const { token } = newUrlToken();
    const mail = await renderTemplate("passwordReset", {
      orgName: "Acme",
      link: `${BASE}/reset/${token}`,
      expiresMinutes: 60,
    });
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain(token);
      const out = redactSecrets(part);
      expect(out).not.toContain(token);
      expect(out).toContain(`${BASE}/reset/${REDACTED}`);
      expect(out).toContain("Choose a new password");
    }
  });

  it("R-SEC-SECRETS-VIEW: viewers never see secrets; owners and admins only in undelivered local-mode mail", () => {
    for (const status of ["stored", "queued", "sent", "failed"] as const)
      expect(maySeeSecrets("viewer", status)).toBe(false);
    for (const role of ["owner", "admin"] as const) {
      expect(maySeeSecrets(role, "stored")).toBe(true);
      for (const status of ["queued", "sent", "failed"] as const)
        expect(maySeeSecrets(role, status)).toBe(false);
    }
  });

  it("R-SEC-SECRETS-VIEW: viewEmail redacts subject, HTML and text together and says what it did", () => {
    const key = generateKey().key;
    const email = {
      id: "mail_x",
      subject: `Key ${key}`,
      html: `<p>${key}</p>`,
      text: key,
      status: "stored" as const,
    };
    const asViewer = viewEmail(email, "viewer");
    expect([asViewer.subject, asViewer.html, asViewer.text].join()).not.toContain(key);
    expect(asViewer).toMatchObject({ id: "mail_x", hasSecrets: true, secretsShown: false });
    expect(viewEmail(email, "owner")).toMatchObject({
      text: key,
      hasSecrets: true,
      secretsShown: true,
    });
    expect(viewEmail({ ...email, status: "sent" }, "owner")).toMatchObject({
      text: REDACTED,
      secretsShown: false,
    });
    const plain = { ...email, subject: "Hi", html: "<p>Hi</p>", text: "Hi" };
    expect(viewEmail(plain, "owner")).toMatchObject({ hasSecrets: false, secretsShown: false });
    expect(viewSubject(`Key ${key}`, "stored", "viewer")).toBe(`Key ${REDACTED}`);
    expect(viewSubject(`Key ${key}`, "stored", "admin")).toBe(`Key ${key}`);
  });
});

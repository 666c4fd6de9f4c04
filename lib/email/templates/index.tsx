import { adminTemplates } from "./admin";
import { EmailButton, EmailLayout, EmailLink } from "./layout";
import { securityTemplates } from "./security";

type Base = { orgName: string };

/**
 * Every email the product sends: a subject and a React body (rendered to HTML and text).
 * Add a template here and sendEmail() accepts it, typed.
 */
type QuotaThresholdProps = Base & {
  threshold: number;
  keyStart: string;
  apis: string;
  used: number;
  max: number;
  renewsAt: string;
  portalUrl: string;
};

export const templates = {
  welcome: {
    subject: (p: Base & { name: string; portalUrl: string }) =>
      `Welcome to the ${p.orgName} developer portal`,
    body: (p: Base & { name: string; portalUrl: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Welcome{p.name ? `, ${p.name}` : ""}!</h1>
        <p>Your developer account is ready. Browse the API catalog and request your first key.</p>
        <EmailButton href={p.portalUrl}>Open the portal</EmailButton>
      </EmailLayout>
    ),
  },
  signupExisting: {
    subject: (p: Base & { loginUrl: string; resetUrl: string }) =>
      `Your ${p.orgName} developer account`,
    body: (p: Base & { loginUrl: string; resetUrl: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>You already have an account</h1>
        <p>
          Someone tried to sign up with this email address, which already has an account. If it was
          you, log in, or reset your password if you forgot it.
        </p>
        <EmailButton href={p.loginUrl}>Log in</EmailButton>
        <p>
          <a href={p.resetUrl}>Reset your password</a>
        </p>
      </EmailLayout>
    ),
  },
  invitation: {
    subject: (p: Base & { link: string; expiresHours: number }) =>
      `You are invited to the ${p.orgName} developer portal`,
    body: (p: Base & { link: string; expiresHours: number }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>You have a developer account</h1>
        <p>An administrator created an account for you. Choose a password to start using it.</p>
        <EmailButton href={p.link}>Set your password</EmailButton>
        <EmailLink href={p.link} />
        <p>The link works once and expires in {p.expiresHours} hours.</p>
      </EmailLayout>
    ),
  },
  passwordReset: {
    subject: (p: Base & { link: string; expiresMinutes: number }) =>
      `Reset your ${p.orgName} portal password`,
    body: (p: Base & { link: string; expiresMinutes: number }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Reset your password</h1>
        <p>Someone asked to reset the password of this account. If it was you, choose a new one:</p>
        <EmailButton href={p.link}>Choose a new password</EmailButton>
        <EmailLink href={p.link} />
        <p>
          The link works once and expires in {p.expiresMinutes} minutes. If you did not ask, ignore
          this email.
        </p>
      </EmailLayout>
    ),
  },
  keyApproved: {
    subject: (p: Base & { entryName: string; key: string; portalUrl: string }) =>
      `Your key for ${p.entryName}`,
    body: (p: Base & { entryName: string; key: string; portalUrl: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your access to {p.entryName} was approved</h1>
        <p>
          Here is your API key. Keep it secret; send it in the <code>Authorization: Bearer</code>{" "}
          header.
        </p>
        <p
          style={{
            fontFamily: "monospace",
            fontSize: "15px",
            background: "#f1f5f9",
            padding: "12px",
            borderRadius: "6px",
            wordBreak: "break-all",
          }}
        >
          {p.key}
        </p>
        <EmailButton href={p.portalUrl}>See its limits on your dashboard</EmailButton>
      </EmailLayout>
    ),
  },
  keyGenerate: {
    subject: (p: Base & { entryName: string; link: string; expiresDays: number }) =>
      `Generate your key for ${p.entryName}`,
    body: (p: Base & { entryName: string; link: string; expiresDays: number }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your access to {p.entryName} was approved</h1>
        <p>
          For your security the key is not in this email. Log into the portal and generate it; it is
          shown once.
        </p>
        <EmailButton href={p.link}>Generate key</EmailButton>
        <EmailLink href={p.link} />
        <p>The link works once, only for your account, and expires in {p.expiresDays} days.</p>
      </EmailLayout>
    ),
  },
  oauthClientReady: {
    subject: (p: Base & { entryName: string; clientId: string; portalUrl: string }) =>
      `Your OAuth client for ${p.entryName}`,
    body: (p: Base & { entryName: string; clientId: string; portalUrl: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your access to {p.entryName} was approved</h1>
        <p>
          Your OAuth client is ready. Its client id is <code>{p.clientId}</code>. For your security
          the client secret is not in this email: log into the portal and choose “New secret” on
          your OAuth client; it is shown once.
        </p>
        <EmailButton href={p.portalUrl}>Open My keys</EmailButton>
      </EmailLayout>
    ),
  },
  keyRequestDeclined: {
    subject: (p: Base & { entryName: string; reason: string | null; portalUrl: string }) =>
      `Your request for ${p.entryName}`,
    body: (p: Base & { entryName: string; reason: string | null; portalUrl: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your request for {p.entryName} was declined</h1>
        {p.reason ? <p>Reason: {p.reason}</p> : <p>No reason was given.</p>}
        <EmailButton href={p.portalUrl}>Open the portal</EmailButton>
      </EmailLayout>
    ),
  },
  quotaThreshold: {
    subject: (p: QuotaThresholdProps) =>
      p.threshold >= 100
        ? `Your ${p.orgName} quota is used up`
        : `You have used ${p.threshold} % of your ${p.orgName} quota`,
    body: (p: QuotaThresholdProps) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>
          {p.threshold >= 100
            ? "Your quota is used up"
            : `You have used ${p.threshold} % of your quota`}
        </h1>
        <p>
          Key {p.keyStart}… has made {p.used.toLocaleString("en-GB")} of its{" "}
          {p.max.toLocaleString("en-GB")} calls for {p.apis} in this period.{" "}
          {p.threshold >= 100
            ? "Further calls are refused until the quota renews"
            : "The quota renews"}{" "}
          on {p.renewsAt}.
        </p>
        <EmailButton href={p.portalUrl}>Open your dashboard</EmailButton>
      </EmailLayout>
    ),
  },
  verifyEmail: {
    subject: (p: Base & { link: string }) => `Confirm your email for ${p.orgName}`,
    body: (p: Base & { link: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Confirm your email address</h1>
        <EmailButton href={p.link}>Confirm email</EmailButton>
        <EmailLink href={p.link} />
      </EmailLayout>
    ),
  },
  ...securityTemplates,
  ...adminTemplates,
} as const;

export type Templates = typeof templates;
export type TemplateName = keyof Templates;
export type TemplateProps<K extends TemplateName> = Parameters<Templates[K]["subject"]>[0];

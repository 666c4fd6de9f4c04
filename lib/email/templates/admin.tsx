import { EmailButton, EmailLayout, EmailLink } from "./layout";

type Base = { orgName: string };
type Invitation = Base & { inviter: string; role: string; link: string; expiresHours: number };
type Reset = Base & { link: string; expiresMinutes: number };

/** Emails to admins of the console (R-SEC-ADMINS): team invitations and password resets. */
export const adminTemplates = {
  adminInvitation: {
    subject: (p: Invitation) => `You are invited to the ${p.orgName} admin console`,
    body: (p: Invitation) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Join the {p.orgName} admin console</h1>
        <p>
          {p.inviter} invited you to the Gatehouse admin console of {p.orgName} as{" "}
          {p.role === "admin" ? "an admin" : `a ${p.role}`}. Choose your name and a password to
          accept.
        </p>
        <EmailButton href={p.link}>Accept the invitation</EmailButton>
        <EmailLink href={p.link} />
        <p>
          The link works once and expires in {p.expiresHours} hours. If you did not expect it,
          ignore this email.
        </p>
      </EmailLayout>
    ),
  },
  adminPasswordReset: {
    subject: (p: Reset) => `Reset your ${p.orgName} admin password`,
    body: (p: Reset) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Reset your admin password</h1>
        <p>
          Someone asked to reset the password of this admin account. If it was you, choose a new
          one:
        </p>
        <EmailButton href={p.link}>Choose a new password</EmailButton>
        <EmailLink href={p.link} />
        <p>
          The link works once and expires in {p.expiresMinutes} minutes. Two-factor authentication,
          if on, is still asked at login. If you did not ask, ignore this email.
        </p>
      </EmailLayout>
    ),
  },
} as const;

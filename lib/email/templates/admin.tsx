import { EmailButton, EmailLayout, EmailLink } from "./layout";

type Base = { orgName: string };
type Invitation = Base & { inviter: string; role: string; link: string; expiresHours: number };
type Reset = Base & { link: string; expiresMinutes: number };
type PasswordNotice = Base & { how: "changed" | "reset"; resetLink: string };

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
  // R-SEC-EMAIL-CHANGE: the account's address is told of every password change.
  adminPasswordChanged: {
    subject: (p: PasswordNotice) => `Your ${p.orgName} admin password was ${p.how}`,
    body: (p: PasswordNotice) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your admin password was {p.how}</h1>
        <p>
          {p.how === "reset"
            ? "The password of your admin account was set through a reset link; every session was logged out."
            : "The password of your admin account was changed from its Account page; other sessions were logged out."}
        </p>
        <p>
          If this was not you, reset your password now and tell an owner of your organisation, who
          can log out every session of your account from the Team page.
        </p>
        <EmailButton href={p.resetLink}>Reset my password</EmailButton>
        <EmailLink href={p.resetLink} />
      </EmailLayout>
    ),
  },
} as const;

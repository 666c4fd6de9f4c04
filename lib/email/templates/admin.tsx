import { EmailButton, EmailLayout, EmailLink } from "./layout";
import { ConfirmNewEmail, NotMe } from "./security";

type Base = { orgName: string };
type Invitation = Base & { inviter: string; role: string; link: string; expiresHours: number };
type Reset = Base & { link: string; expiresMinutes: number };
type Notice = Base & { securityLink: string; expiresDays: number };
type PasswordNotice = Notice & { how: "changed" | "reset" };
type Confirm = Base & { newEmail: string; link: string; expiresHours: number };

/**
 * Emails to admins of the console (R-SEC-ADMINS): team invitations, password resets, email
 * change confirmation and the notices to the account's address (R-SEC-EMAIL-CHANGE).
 */
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
  // R-SEC-EMAIL-CHANGE: the account's address is told of every password or email change.
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
        <NotMe link={p.securityLink} expiresDays={p.expiresDays} />
      </EmailLayout>
    ),
  },
  adminEmailChangeConfirm: {
    subject: (p: Confirm) => `Confirm your new admin email for ${p.orgName}`,
    body: (p: Confirm) => <ConfirmNewEmail {...p} account={`${p.orgName} admin account`} />,
  },
  adminEmailChanged: {
    subject: (p: Notice & { newEmail: string }) => `Your ${p.orgName} admin email was changed`,
    body: (p: Notice & { newEmail: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your admin email was changed</h1>
        <p>
          The {p.orgName} admin account that used this address now logs in with {p.newEmail}. It was
          confirmed from that inbox, and every session was logged out.
        </p>
        <NotMe link={p.securityLink} expiresDays={p.expiresDays} />
      </EmailLayout>
    ),
  },
  // An owner reset the admin's two-factor (R-SEC-ADMINS): the address is told.
  adminTwoFactorReset: {
    subject: (p: Base & { by: string }) => `Your ${p.orgName} admin two-factor was reset`,
    body: (p: Base & { by: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your two-factor authentication was reset</h1>
        <p>
          {p.by}, an owner of {p.orgName}, turned off two-factor authentication for your admin
          account and logged out every session. Log in with your password and set two-factor up
          again from your Account page.
        </p>
        <p>If you did not ask for this, tell another owner of your organisation now.</p>
      </EmailLayout>
    ),
  },
} as const;

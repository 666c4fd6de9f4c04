import { EmailButton, EmailLayout, EmailLink } from "./layout";

type Base = { orgName: string };
type Confirm = Base & { newEmail: string; link: string; expiresHours: number };
type Notice = Base & { securityLink: string; expiresDays: number };

/** "This wasn't me": the link that ends every session and starts a reset (R-SEC-EMAIL-CHANGE). */
export function NotMe({ link, expiresDays }: { link: string; expiresDays: number }) {
  return (
    <>
      <p>
        If this was not you, secure your account now: every session is logged out, the password
        stops working and we send a password reset link to this address.
      </p>
      <EmailButton href={link}>This wasn&apos;t me</EmailButton>
      <EmailLink href={link} />
      <p>This link works once and expires in {expiresDays} days.</p>
    </>
  );
}

/** The body of "confirm your new email", for a developer or an admin account. */
export function ConfirmNewEmail(p: Confirm & { account: string }) {
  return (
    <EmailLayout orgName={p.orgName}>
      <h1 style={{ fontSize: "20px" }}>Confirm your new email address</h1>
      <p>
        Someone asked to use {p.newEmail} to log into their {p.account}. If it was you, confirm it;
        until then the account keeps its current email.
      </p>
      <EmailButton href={p.link}>Confirm new email</EmailButton>
      <EmailLink href={p.link} />
      <p>
        The link works once and expires in {p.expiresHours} hours. If you did not ask, ignore this
        email: nothing changes.
      </p>
    </EmailLayout>
  );
}

/** Account-security emails: email change confirmation and the notices to the account's address. */
export const securityTemplates = {
  emailChangeConfirm: {
    subject: (p: Confirm) => `Confirm your new email for ${p.orgName}`,
    body: (p: Confirm) => <ConfirmNewEmail {...p} account="developer account" />,
  },
  emailChanged: {
    subject: (p: Notice & { newEmail: string }) => `Your ${p.orgName} email was changed`,
    body: (p: Notice & { newEmail: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your email was changed</h1>
        <p>
          The developer account that used this address now logs in with {p.newEmail}. It was
          confirmed from that inbox.
        </p>
        <NotMe link={p.securityLink} expiresDays={p.expiresDays} />
      </EmailLayout>
    ),
  },
  // An admin changed the developer's login email from the console: the old address is told.
  emailChangedByAdmin: {
    subject: (p: Base & { newEmail: string }) => `Your ${p.orgName} email was changed`,
    body: (p: Base & { newEmail: string }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your email was changed by an admin</h1>
        <p>
          An admin of {p.orgName} changed the email of the developer account that used this address.
          It now logs in with {p.newEmail}.
        </p>
        <p>If you did not ask for this, reply to {p.orgName} or contact their support now.</p>
      </EmailLayout>
    ),
  },
  passwordChanged: {
    subject: (p: Notice & { how: "changed" | "reset" }) =>
      `Your ${p.orgName} portal password was ${p.how}`,
    body: (p: Notice & { how: "changed" | "reset" }) => (
      <EmailLayout orgName={p.orgName}>
        <h1 style={{ fontSize: "20px" }}>Your password was {p.how}</h1>
        <p>
          {p.how === "reset"
            ? "The password of your developer account was set through a reset link."
            : "The password of your developer account was changed from its profile."}{" "}
          Other sessions were logged out.
        </p>
        <NotMe link={p.securityLink} expiresDays={p.expiresDays} />
      </EmailLayout>
    ),
  },
} as const;

import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { SessionsSection } from "@/components/account/sessions-section";
import { sessionViews } from "@/components/account/session-views";
import { getDb } from "@/db";
import { requireDeveloper } from "@/lib/auth/guards";
import { pendingEmailChange } from "@/lib/developers/email-change";
import { listActiveSessions } from "@/lib/sessions/sessions";
import { PasswordForm, ProfileForm } from "./account-forms";
import { EmailChangeForm } from "@/components/account/email-change-form";
import {
  cancelEmailChangeAction,
  changeEmailAction,
  resendEmailChangeAction,
} from "./email-actions";
import { endDeveloperSessionAction, endOtherDeveloperSessionsAction } from "./session-actions";

export const metadata: Metadata = { title: "Edit profile" };

/** R-PROFILE-EDIT: Account → Edit profile. */
export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const { org: slug } = await params;
  const { developer, org, sessionId } = await requireDeveloper(slug);
  const sessions = await listActiveSessions(getDb(), {
    orgId: org.id,
    subjectType: "developer",
    subjectId: developer.id,
  });
  const pending = await pendingEmailChange(getDb(), org.id, developer.id);
  const { saved } = await searchParams;
  return (
    <>
      <PageHeader title="Edit profile" description="Your account at the developer portal." />
      {saved === "password" && (
        <Alert tone="success" className="mb-4">
          Password changed. Other sessions of this account have been logged out.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Profile" />
          <CardBody>
            <ProfileForm
              org={slug}
              profile={{
                name: developer.name,
                email: developer.email,
                telephone: developer.telephone,
                country: developer.country,
                customFields: developer.customFields,
              }}
              fields={org.signupFields}
            />
          </CardBody>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader
              title="Email"
              description="A new email counts once you confirm it from its inbox; then your sessions are logged out."
            />
            <CardBody>
              <EmailChangeForm
                hidden={{ org: slug }}
                actions={{
                  change: changeEmailAction,
                  resend: resendEmailChangeAction,
                  cancel: cancelEmailChangeAction,
                }}
                email={developer.email}
                pending={
                  pending
                    ? { newEmail: pending.newEmail, expires: formatDateTime(pending.expiresAt) }
                    : null
                }
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Password" description="Changing it logs out your other sessions." />
            <CardBody>
              <PasswordForm org={slug} minLength={Math.max(6, org.minPasswordLength)} />
            </CardBody>
          </Card>
        </div>
      </div>
      <div className="mt-6">
        <SessionsSection
          sessions={sessionViews(sessions, sessionId)}
          endOne={endDeveloperSessionAction}
          endOthers={endOtherDeveloperSessionsAction}
          hidden={{ org: slug }}
        />
      </div>
    </>
  );
}

import type { Metadata } from "next";
import { SessionsSection } from "@/components/account/sessions-section";
import { TwoFactorSection } from "@/components/admin/two-factor/two-factor-section";
import { sessionViews } from "@/components/account/session-views";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { pendingAdminEmailChange } from "@/lib/admins/email-change";
import { requireAdmin } from "@/lib/auth/guards";
import { listActiveSessions } from "@/lib/sessions/sessions";
import { PASSWORD_FLOOR } from "@/lib/validation/common";
import { TWO_FACTOR_ACTIONS } from "../../two-factor/action-set";
import { endAdminSessionAction, endOtherAdminSessionsAction } from "./actions";
import { EmailSection } from "./email-section";
import { NameSection } from "./name-section";
import { PasswordSection } from "./password-section";

export const metadata: Metadata = { title: "Account" };

/**
 * The console's Account page (R-SEC-ADMINS, R-SEC-SESSIONS): one section component each
 * (profile, email, password, two-factor, sessions).
 */
export default async function AdminAccountPage() {
  const { admin, org, orgId, sessionId } = await requireAdmin();
  const [sessions, pendingEmail] = await Promise.all([
    listActiveSessions(getDb(), { orgId, subjectType: "admin", subjectId: admin.id }),
    pendingAdminEmailChange(getDb(), orgId, admin.id),
  ]);
  return (
    <>
      <PageHeader
        title="Account"
        description="Your own admin account: profile, email, password, two-factor and sessions."
      />
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <div className="space-y-6">
          <NameSection name={admin.name} />
          <EmailSection email={admin.email} pending={pendingEmail} />
        </div>
        <PasswordSection minLength={PASSWORD_FLOOR} />
      </div>
      <div className="mt-6 space-y-6">
        <TwoFactorSection
          admin={admin}
          orgName={org.name}
          required={org.requireAdminTwoFactor}
          actions={TWO_FACTOR_ACTIONS}
        />
        <SessionsSection
          sessions={sessionViews(sessions, sessionId)}
          endOne={endAdminSessionAction}
          endOthers={endOtherAdminSessionsAction}
        />
      </div>
    </>
  );
}

import { EmailChangeForm } from "@/components/account/email-change-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { PendingAdminEmailChange } from "@/lib/admins/email-change";
import { formatDateTime } from "@/components/ui/format";
import {
  cancelAdminEmailChangeAction,
  changeAdminEmailAction,
  resendAdminEmailChangeAction,
} from "./actions";

/** Account → Email (R-SEC-EMAIL-CHANGE): a new login email counts once confirmed from its inbox. */
export function EmailSection({
  email,
  pending,
}: {
  email: string;
  pending: PendingAdminEmailChange | null;
}) {
  return (
    <Card>
      <CardHeader
        title="Email"
        description="A new email counts once you confirm it from its inbox; then every session is logged out."
      />
      <CardBody>
        <EmailChangeForm
          email={email}
          pending={
            pending
              ? { newEmail: pending.newEmail, expires: formatDateTime(pending.expiresAt) }
              : null
          }
          actions={{
            change: changeAdminEmailAction,
            resend: resendAdminEmailChangeAction,
            cancel: cancelAdminEmailChangeAction,
          }}
        />
      </CardBody>
    </Card>
  );
}

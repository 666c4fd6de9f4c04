import type { Metadata } from "next";
import Link from "next/link";
import { NewPasswordForm } from "@/components/forms/new-password-form";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/auth-card";
import { getDb } from "@/db";
import { peekAdminLink } from "@/lib/admins/links";
import { ADMIN_PASSWORD_MIN } from "@/lib/validation/admins";
import { acceptAdminInvitationAction } from "../actions";

export const metadata: Metadata = { title: "Join the admin console", referrer: "no-referrer" };

const ROLE_TEXT = {
  owner: "an owner",
  admin: "an admin",
  viewer: "a viewer (read-only)",
} as const;

export default async function AdminInvitationPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  const link = await peekAdminLink(getDb(), "invitation", token);
  const pending = link && !link.admin.passwordHash ? link : null;
  return (
    <AuthCard
      title={pending ? `Join ${pending.org.name}` : "Join the admin console"}
      subtitle={
        pending
          ? `You are invited as ${ROLE_TEXT[pending.admin.role]} with ${pending.admin.email}. Choose your name and a password to accept.`
          : undefined
      }
    >
      {pending ? (
        <NewPasswordForm
          token={token}
          minLength={ADMIN_PASSWORD_MIN}
          action={acceptAdminInvitationAction}
          submitLabel="Accept invitation"
          withName
        />
      ) : (
        <Alert tone="error" title="This invitation has expired, was withdrawn or was already used">
          Ask an owner of the organisation for a new invitation, or{" "}
          <Link className="underline" href="/admin/login">
            log in
          </Link>
          .
        </Alert>
      )}
    </AuthCard>
  );
}

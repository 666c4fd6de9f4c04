"use client";
import { LogOut, Mail, Settings2, ShieldOff, Trash2, UserCheck, UserX } from "lucide-react";
import { type ReactNode, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";
import {
  changeRoleAction,
  endSessionsAction,
  removeAdminAction,
  resendInvitationAction,
  resetTwoFactorAction,
  setStatusAction,
} from "./actions";

export type MemberView = {
  id: string;
  email: string;
  role: "owner" | "admin" | "viewer";
  state: "active" | "disabled" | "invited";
  self: boolean;
  /** Two-factor is on: an owner can reset it for someone who lost their phone and codes. */
  twoFactor: boolean;
};
type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/** One button-only form of the dialog (its errors shown above it). */
function OneClick({
  action,
  adminId,
  fields = {},
  children,
  variant = "secondary",
}: {
  action: Action;
  adminId: string;
  fields?: Record<string, string>;
  children: ReactNode;
  variant?: "secondary" | "danger";
}) {
  const { state, formAction } = useActionForm(action);
  return (
    <form action={formAction} className="space-y-2">
      {!state.ok && <FormMessage state={state} />}
      <input type="hidden" name="adminId" value={adminId} />
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <SubmitButton variant={variant} pendingText="Saving…">
        {children}
      </SubmitButton>
    </form>
  );
}

function RoleForm({ member }: { member: MemberView }) {
  const { state, formAction } = useActionForm(changeRoleAction);
  const id = `role-${member.id}`;
  return (
    <form action={formAction} className="space-y-2">
      {!state.ok && <FormMessage state={state} />}
      <input type="hidden" name="adminId" value={member.id} />
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Role
      </label>
      <div className="flex flex-wrap gap-2">
        <select
          id={id}
          name="role"
          defaultValue={member.role}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
        >
          <option value="owner">Owner — also manages the team</option>
          <option value="admin">Admin</option>
          <option value="viewer">Viewer (read-only)</option>
        </select>
        <SubmitButton variant="secondary" pendingText="Saving…">
          Change role
        </SubmitButton>
      </div>
    </form>
  );
}

function RemoveStep({ member }: { member: MemberView }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <Button variant="secondary" className="text-red-700" onClick={() => setConfirming(true)}>
        <Trash2 className="size-4" aria-hidden />
        {member.state === "invited" ? "Withdraw invitation…" : "Remove from the team…"}
      </Button>
    );
  return (
    <div className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
      <p className="text-sm text-red-900">
        {member.self
          ? "You will lose access to this console at once."
          : `${member.email} loses access at once and is logged out everywhere. The audit log keeps their past actions.`}
      </p>
      <OneClick action={removeAdminAction} adminId={member.id} variant="danger">
        <Trash2 className="size-4" aria-hidden /> Remove {member.self ? "myself" : member.email}
      </OneClick>
    </div>
  );
}

/** "Manage" of a team row: role, disable/enable, log out everywhere, reset two-factor, re-send, remove. */
export function MemberActions({ member }: { member: MemberView }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => setOpen(true)}
        aria-label={`Manage ${member.email}`}
      >
        <Settings2 className="size-4" aria-hidden /> Manage
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={`Manage ${member.email}`}>
        {open && (
          <div className="space-y-5">
            <RoleForm member={member} />
            {member.state === "invited" && (
              <OneClick action={resendInvitationAction} adminId={member.id}>
                <Mail className="size-4" aria-hidden /> Send the invitation again
              </OneClick>
            )}
            {member.state !== "invited" && !member.self && (
              <div className="flex flex-wrap gap-2">
                <OneClick
                  action={setStatusAction}
                  adminId={member.id}
                  fields={{ status: member.state === "active" ? "inactive" : "active" }}
                >
                  {member.state === "active" ? (
                    <>
                      <UserX className="size-4" aria-hidden /> Disable
                    </>
                  ) : (
                    <>
                      <UserCheck className="size-4" aria-hidden /> Enable
                    </>
                  )}
                </OneClick>
                {member.state === "active" && (
                  <OneClick action={endSessionsAction} adminId={member.id}>
                    <LogOut className="size-4" aria-hidden /> Log out everywhere
                  </OneClick>
                )}
                {member.twoFactor && (
                  <OneClick action={resetTwoFactorAction} adminId={member.id}>
                    <ShieldOff className="size-4" aria-hidden /> Reset two-factor
                  </OneClick>
                )}
              </div>
            )}
            {member.self && (
              <p className="text-sm text-slate-600">
                Your own password, two-factor and sessions are on your Account page.
              </p>
            )}
            <RemoveStep member={member} />
          </div>
        )}
      </Dialog>
    </>
  );
}

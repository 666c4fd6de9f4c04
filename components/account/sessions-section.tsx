"use client";
import { LogOut, MonitorSmartphone } from "lucide-react";
import { FormMessage } from "@/components/forms/form-message";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";
import type { SessionView } from "./session-views";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

export function SessionFacts({ session }: { session: SessionView }) {
  return (
    <dl className="mt-1 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
      {(
        [
          ["Address", session.address],
          ["Signed in", session.signedIn],
          ["Last active", session.lastActive],
        ] as const
      ).map(([k, v]) => (
        <div key={k} className="min-w-0">
          <dt className="text-slate-600">{k}</dt>
          <dd className="break-words text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function SessionItem({
  session,
  endOne,
  hidden,
}: {
  session: SessionView;
  endOne: Action;
  hidden: Hidden;
}) {
  const { state, formAction } = useActionForm(endOne);
  return (
    <li className="py-4 first:pt-0 last:pb-0" data-testid="session">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            {session.device}
            {session.current && <Badge tone="green">This device</Badge>}
          </p>
          <SessionFacts session={session} />
        </div>
        {!session.current && (
          <form action={formAction}>
            <HiddenFields hidden={hidden} />
            <input type="hidden" name="sessionId" value={session.id} />
            <SubmitButton
              variant="secondary"
              size="sm"
              pendingText="Logging out…"
              aria-label={`Log out ${session.device}, last active ${session.lastActive}`}
            >
              <LogOut className="size-4" aria-hidden /> Log out
            </SubmitButton>
          </form>
        )}
      </div>
      {!state.ok && state.message && (
        <div className="mt-2">
          <FormMessage state={state} />
        </div>
      )}
    </li>
  );
}

function EndOthersForm({ endOthers, hidden }: { endOthers: Action; hidden: Hidden }) {
  const { state, formAction } = useActionForm(endOthers);
  return (
    <form action={formAction} className="space-y-3">
      {!state.ok && <FormMessage state={state} />}
      <HiddenFields hidden={hidden} />
      <SubmitButton variant="secondary" pendingText="Logging out…">
        <LogOut className="size-4" aria-hidden /> Log out everywhere else
      </SubmitButton>
    </form>
  );
}

/**
 * "Sessions" (R-SEC-SESSIONS): where this account is signed in, with "Log out" for each other
 * session and "Log out everywhere else". The current session ends through the Log out menu.
 * Shared by the portal's Edit profile and the console's Account page: actions come as props.
 */
export function SessionsSection({
  sessions,
  endOne,
  endOthers,
  hidden = {},
}: {
  sessions: SessionView[];
  endOne: Action;
  endOthers: Action;
  hidden?: Hidden;
}) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Card aria-labelledby="sessions-heading">
      <CardHeader
        title={<span id="sessions-heading">Sessions</span>}
        description="Where your account is logged in. Log out any session you do not recognise."
      />
      <CardBody className="space-y-4">
        {sessions.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <MonitorSmartphone className="size-4" aria-hidden /> No active sessions.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Active sessions">
            {sessions.map((s) => (
              <SessionItem key={s.id} session={s} endOne={endOne} hidden={hidden} />
            ))}
          </ul>
        )}
        {others > 0 ? (
          <EndOthersForm endOthers={endOthers} hidden={hidden} />
        ) : (
          <p className="text-sm text-slate-600">You are not logged in anywhere else.</p>
        )}
      </CardBody>
    </Card>
  );
}

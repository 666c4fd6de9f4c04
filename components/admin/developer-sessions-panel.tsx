"use client";
import { LogOut, MonitorSmartphone } from "lucide-react";
import { SessionFacts } from "@/components/account/sessions-section";
import type { SessionView } from "@/components/account/session-views";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

function EndAllForm({ developerId, endAll }: { developerId: string; endAll: Action }) {
  const { state, formAction } = useActionForm(endAll);
  return (
    <form action={formAction} className="space-y-3">
      {!state.ok && <FormMessage state={state} />}
      <input type="hidden" name="developerId" value={developerId} />
      <SubmitButton variant="secondary" pendingText="Ending…">
        <LogOut className="size-4" aria-hidden /> End all sessions
      </SubmitButton>
    </form>
  );
}

/** A developer's active sessions on their profile, with "End all sessions" for admins. */
export function DeveloperSessionsPanel({
  developerId,
  sessions,
  canEdit,
  endAll,
}: {
  developerId: string;
  sessions: SessionView[];
  canEdit: boolean;
  endAll: Action;
}) {
  return (
    <Card className="mt-6" aria-labelledby="developer-sessions-heading">
      <CardHeader
        title={<span id="developer-sessions-heading">Sessions</span>}
        description="Where this developer is logged in to the portal. Ending them logs the developer out everywhere; keys keep working."
      />
      {sessions.length === 0 ? (
        <EmptyState icon={MonitorSmartphone} title="No active sessions">
          This developer is not logged in anywhere.
        </EmptyState>
      ) : (
        <CardBody className="space-y-4">
          <ul className="divide-y divide-slate-100" aria-label="Active sessions of this developer">
            {sessions.map((s) => (
              <li key={s.id} className="py-3 first:pt-0" data-testid="developer-session">
                <p className="font-medium text-slate-900">{s.device}</p>
                <SessionFacts session={s} />
              </li>
            ))}
          </ul>
          {canEdit && <EndAllForm developerId={developerId} endAll={endAll} />}
        </CardBody>
      )}
    </Card>
  );
}

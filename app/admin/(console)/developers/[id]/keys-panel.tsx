"use client";
import { BarChart3, KeyRound, MoreHorizontal, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { PreviousKeyNote } from "@/components/keys/previous-key-note";
import { RevokeKeyForm } from "@/components/keys/revoke-key-form";
import { RollKeyForm } from "@/components/keys/roll-key-form";
import {
  changeKeyPolicyAction,
  newKeyAction,
  revokeKeyAction,
  rollKeyAction,
  setKeyIpRulesAction,
} from "../actions";
import { IpRulesForm } from "@/components/keys/ip-rules-form";
import { ipRulesText } from "@/lib/keys/ip-rules-text";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SecretOnce } from "@/components/ui/copy-button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { DropdownItem, DropdownMenu } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { EffectiveLimitRow } from "@/lib/policies/describe";
import { type PolicyOption, PolicyPicker } from "@/components/admin/policy-picker";

export type KeyRow = {
  id: string;
  start: string;
  alias: string | null;
  status: "active" | "inactive" | "revoked";
  created: string;
  expires: string;
  lastUsed: string;
  policies: Array<{ policyId: string; policyName: string; catalogEntries: string[] }>;
  limits: EffectiveLimitRow[];
  /** A roll's old value while its grace period runs (R-KEY-ROTATE). */
  previous: { start: string; until: string } | null;
  /** R-KEY-IP-ALLOW: where the key may be used from; empty = anywhere. */
  allowedIps: string[];
};

const STATUS_TONE = { active: "green", inactive: "neutral", revoked: "red" } as const;

function NewKeyForm({ developerId, options }: { developerId: string; options: PolicyOption[] }) {
  const { state, formAction, value, errors } = useActionForm(newKeyAction);
  if (state.ok && state.data?.key)
    return (
      <div className="space-y-4">
        <SecretOnce label="The new key" value={state.data.key} />
        <DialogClose asChild>
          <Button>Done</Button>
        </DialogClose>
      </div>
    );
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="developerId" value={developerId} />
      <PolicyPicker
        legend="Policies"
        options={options}
        selected={[state.values?.policyIds ?? []].flat()}
        errors={errors("policyIds")}
      />
      <TextField
        name="alias"
        label="Alias (optional)"
        hint="A name to recognise the key by, e.g. production."
        defaultValue={value("alias")}
        errors={errors("alias")}
      />
      <SubmitButton pendingText="Creating…">Request key</SubmitButton>
    </form>
  );
}

function ChangePolicyForm({
  developerId,
  k,
  options,
  onDone,
}: {
  developerId: string;
  k: KeyRow;
  options: PolicyOption[];
  onDone: () => void;
}) {
  const { state, formAction, errors } = useActionForm(changeKeyPolicyAction, { onSuccess: onDone });
  const selected = state.values
    ? [state.values.policyIds ?? []].flat()
    : k.policies.map((p) => p.policyId);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="developerId" value={developerId} />
      <input type="hidden" name="keyId" value={k.id} />
      <PolicyPicker
        legend="Policies of this key (at least one)"
        options={options}
        selected={selected}
        errors={errors("policyIds")}
      />
      <SubmitButton pendingText="Saving…">Change key policy</SubmitButton>
    </form>
  );
}

/** Keys panel (R-DEV-KEYS) with New key (R-KEY-NEW), Options → Change policy (R-KEY-POLICY-CHANGE), revoke. */
export function KeysPanel({
  developerId,
  keys,
  options,
  canEdit,
}: {
  developerId: string;
  keys: KeyRow[];
  options: PolicyOption[];
  canEdit: boolean;
}) {
  const [dialog, setDialog] = useState<{
    kind: "new" | "policy" | "roll" | "ip" | "revoke";
    key?: KeyRow;
    n: number;
  } | null>(null);
  const close = () => setDialog(null);
  return (
    <div>
      {canEdit && (
        <div className="mb-4 flex justify-end">
          <Button onClick={() => setDialog({ kind: "new", n: Date.now() })}>
            <Plus className="size-4" aria-hidden /> New key
          </Button>
        </div>
      )}
      {keys.length === 0 ? (
        <EmptyState icon={KeyRound} title="No keys yet">
          This developer has no API keys. Create one with “New key”.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Keys">
          {keys.map((k) => (
            <li key={k.id} className="py-4" data-testid="key-row">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2">
                    <code className="font-mono text-sm">{k.start}…</code>
                    {k.alias && <span className="text-sm text-slate-700">{k.alias}</span>}
                    <Badge tone={STATUS_TONE[k.status]}>{k.status}</Badge>
                  </p>
                  <p className="mt-1 text-xs text-slate-600">
                    Created {k.created} · Expires {k.expires} · Last used {k.lastUsed}
                  </p>
                  {k.previous && (
                    <PreviousKeyNote start={k.previous.start} until={k.previous.until} />
                  )}
                </div>
                <div className="flex items-center gap-2">
                  <Link
                    href={`/admin/developers/${developerId}/keys/${k.id}`}
                    className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-brand-700 hover:bg-brand-50"
                  >
                    <BarChart3 className="size-4" aria-hidden /> Analytics
                  </Link>
                  {canEdit && k.status !== "revoked" && (
                    <DropdownMenu
                      trigger={
                        <Button
                          variant="secondary"
                          size="sm"
                          aria-label={`Options for key ${k.start}`}
                        >
                          <MoreHorizontal className="size-4" aria-hidden /> Options
                        </Button>
                      }
                    >
                      <DropdownItem
                        onSelect={() => setDialog({ kind: "policy", key: k, n: Date.now() })}
                      >
                        Change policy
                      </DropdownItem>
                      <DropdownItem
                        onSelect={() => setDialog({ kind: "roll", key: k, n: Date.now() })}
                      >
                        Roll key
                      </DropdownItem>
                      <DropdownItem
                        onSelect={() => setDialog({ kind: "ip", key: k, n: Date.now() })}
                      >
                        IP rules
                      </DropdownItem>
                      <DropdownItem
                        danger
                        onSelect={() => setDialog({ kind: "revoke", key: k, n: Date.now() })}
                      >
                        Revoke key
                      </DropdownItem>
                    </DropdownMenu>
                  )}
                </div>
              </div>
              <ul className="mt-2 flex flex-wrap gap-2" aria-label="Policies">
                {k.policies.map((p) => (
                  <li
                    key={p.policyId}
                    className="rounded-md border border-slate-200 px-2 py-1 text-xs"
                  >
                    <span className="font-medium">{p.policyName}</span>{" "}
                    <span className="text-slate-600">
                      {p.catalogEntries.length ? p.catalogEntries.join(", ") : "(No Catalog Entry)"}
                    </span>
                  </li>
                ))}
              </ul>
              {k.limits.length > 0 && (
                <details className="mt-2 text-sm">
                  <summary className="cursor-pointer text-slate-700">Effective limits</summary>
                  <ul className="mt-1 space-y-0.5 text-slate-700">
                    {k.limits.map((l) => (
                      <li key={l.api}>
                        <span className="font-medium">{l.api}</span>: {l.rate}; quota {l.quota};{" "}
                        {l.access}
                      </li>
                    ))}
                    <li>
                      <span className="font-medium">IP rules</span>: {ipRulesText(k.allowedIps)}
                    </li>
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={dialog?.kind === "new"}
        onOpenChange={(o) => !o && close()}
        title="New key"
        description="Choose one or more policies for the key."
      >
        {dialog?.kind === "new" && (
          <NewKeyForm key={dialog.n} developerId={developerId} options={options} />
        )}
      </Dialog>
      <Dialog
        open={dialog?.kind === "policy"}
        onOpenChange={(o) => !o && close()}
        title="Change policy"
        description={dialog?.key ? `Key ${dialog.key.start}…: add or remove policies.` : undefined}
      >
        {dialog?.kind === "policy" && dialog.key && (
          <ChangePolicyForm
            key={dialog.n}
            developerId={developerId}
            k={dialog.key}
            options={options}
            onDone={close}
          />
        )}
      </Dialog>
      <Dialog
        open={dialog?.kind === "roll"}
        onOpenChange={(o) => !o && close()}
        title="Roll key"
        description={
          dialog?.key ? `Key ${dialog.key.start}…: a new value for the same key.` : undefined
        }
      >
        {dialog?.kind === "roll" && dialog.key && (
          <RollKeyForm
            key={dialog.n}
            action={rollKeyAction}
            hidden={{ developerId }}
            keyId={dialog.key.id}
            start={dialog.key.start}
            previous={dialog.key.previous}
            onDone={close}
          />
        )}
      </Dialog>
      <Dialog
        open={dialog?.kind === "ip"}
        onOpenChange={(o) => !o && close()}
        title="IP rules"
        description={
          dialog?.key ? `Key ${dialog.key.start}…: the addresses it may be used from.` : undefined
        }
      >
        {dialog?.kind === "ip" && dialog.key && (
          <IpRulesForm
            key={dialog.n}
            action={setKeyIpRulesAction}
            hidden={{ developerId }}
            keyId={dialog.key.id}
            start={dialog.key.start}
            rules={dialog.key.allowedIps}
            onDone={close}
          />
        )}
      </Dialog>
      <Dialog
        open={dialog?.kind === "revoke"}
        onOpenChange={(o) => !o && close()}
        title="Revoke key?"
      >
        {dialog?.kind === "revoke" && dialog.key && (
          <RevokeKeyForm
            key={dialog.n}
            action={revokeKeyAction}
            hidden={{ developerId }}
            keyId={dialog.key.id}
            start={dialog.key.start}
            onDone={close}
          />
        )}
      </Dialog>
    </div>
  );
}

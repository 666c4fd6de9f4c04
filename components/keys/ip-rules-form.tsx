"use client";

import { FormMessage } from "@/components/forms/form-message";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextAreaField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The body of the "IP rules" dialog (R-KEY-IP-ALLOW), for the admin's key Options and the
 * developer's My keys: the addresses and ranges the key may be used from.
 */
export function IpRulesForm({
  action,
  keyId,
  start,
  rules,
  hidden = {},
  onDone,
}: {
  action: Action;
  keyId: string;
  start: string;
  rules: string[];
  hidden?: Hidden;
  onDone: () => void;
}) {
  const { state, formAction, field } = useActionForm(action, {
    onSuccess: onDone,
    stored: { allowedIps: rules.join("\n") },
  });
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <HiddenFields hidden={hidden} />
      <input type="hidden" name="keyId" value={keyId} />
      <TextAreaField
        {...field("allowedIps")}
        label={`Addresses allowed to use ${start}…`}
        hint="One IPv4 or IPv6 address or CIDR range per line, e.g. 203.0.113.0/24 or 2001:db8::/32. Leave empty to allow any address. Other addresses get 403 ip_not_allowed."
        rows={5}
        spellCheck={false}
        autoCapitalize="none"
        className="font-mono"
      />
      <SubmitButton pendingText="Saving…">Save IP rules</SubmitButton>
    </form>
  );
}

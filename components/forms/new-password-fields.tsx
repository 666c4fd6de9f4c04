import { TextField } from "@/components/ui/field";
import { passwordRulesHint } from "@/lib/validation/common";
import type { BindField } from "./use-action-form";

/**
 * "New password" (with the rules as its hint) and "Repeat the new password": the pair every
 * password form asks for, after "Current password" where a signed-in person changes theirs
 * (`withCurrent`). `idPrefix` keeps ids unique when a page has two password forms.
 */
export function NewPasswordFields({
  minLength,
  field,
  idPrefix,
  withCurrent = false,
}: {
  minLength: number;
  field: BindField;
  idPrefix?: string;
  withCurrent?: boolean;
}) {
  return (
    <>
      {withCurrent && (
        <TextField
          {...field("currentPassword")}
          id={idPrefix ? `${idPrefix}-current-password` : undefined}
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
        />
      )}
      <TextField
        {...field("password")}
        id={idPrefix ? `${idPrefix}-password` : undefined}
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={passwordRulesHint(minLength)}
        required
      />
      <TextField
        {...field("confirm")}
        id={idPrefix ? `${idPrefix}-confirm` : undefined}
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
      />
    </>
  );
}

import { TextField } from "@/components/ui/field";
import { passwordRulesHint } from "@/lib/validation/common";

/**
 * "New password" (with the rules as its hint) and "Repeat the new password": the pair every
 * password form asks for. `idPrefix` keeps ids unique when a page has two password forms.
 */
export function NewPasswordFields({
  minLength,
  errors,
  idPrefix,
}: {
  minLength: number;
  errors: (name: string) => string[] | undefined;
  idPrefix?: string;
}) {
  return (
    <>
      <TextField
        id={idPrefix ? `${idPrefix}-password` : undefined}
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={passwordRulesHint(minLength)}
        required
        errors={errors("password")}
      />
      <TextField
        id={idPrefix ? `${idPrefix}-confirm` : undefined}
        name="confirm"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        errors={errors("confirm")}
      />
    </>
  );
}

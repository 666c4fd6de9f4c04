import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { BindField } from "./use-action-form";

/** Email, password and "Log in": the body of the console's and the portal's login forms. */
export function LoginFields({ field }: { field: BindField }) {
  return (
    <>
      <TextField {...field("email")} label="Email" type="email" autoComplete="username" required />
      {/* Passwords are never echoed back: field() finds no typed value for it. */}
      <TextField
        {...field("password")}
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      <SubmitButton className="w-full" pendingText="Logging in…">
        Log in
      </SubmitButton>
    </>
  );
}

import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/** Email, password and "Log in": the body of the console's and the portal's login forms. */
export function LoginFields({
  email,
  errors,
}: {
  /** The email typed before a refused attempt (passwords are never echoed). */
  email?: string;
  errors: (name: string) => string[] | undefined;
}) {
  return (
    <>
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={email}
        errors={errors("email")}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={errors("password")}
      />
      <SubmitButton className="w-full" pendingText="Logging in…">
        Log in
      </SubmitButton>
    </>
  );
}

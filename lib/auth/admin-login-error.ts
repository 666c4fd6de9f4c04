import { CredentialsSignin } from "next-auth";

export type AdminLoginRefusal = "challenge" | "code" | "throttled";

/**
 * Thrown by the admin provider when the second step of a login is refused, so the login action
 * can say why (start again, wrong code, too many attempts) without a second check of its own.
 */
export class AdminLoginRefused extends CredentialsSignin {
  constructor(readonly reason: AdminLoginRefusal) {
    super();
    this.code = reason;
  }
}

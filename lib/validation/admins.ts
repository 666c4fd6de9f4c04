import { z } from "zod";
import { emailField } from "./common";
import { idField, linkTokenField } from "./ids";
import { passwordField } from "./password";
import { nameText, singleLineText } from "./text";

/**
 * Forms of the Team page, admin invitations and password resets, and two-factor
 * (R-SEC-ADMINS). Admin passwords follow the install's floor (8), never an organisation's
 * portal setting.
 */
export const ADMIN_PASSWORD_MIN = 8;

const adminRef = z.object({ adminId: idField("adm", "This admin does not exist.") });
const roles = ["owner", "admin", "viewer"] as const;

export const inviteAdminSchema = z.object({
  email: emailField,
  role: z.enum(["admin", "viewer"], "Choose admin or viewer."),
});
export const adminRefSchema = adminRef;
export const changeRoleSchema = adminRef.extend({
  role: z.enum(roles, "Choose owner, admin or viewer."),
});
export const adminStatusSchema = adminRef.extend({ status: z.enum(["active", "inactive"]) });
export const requireTwoFactorSchema = z.object({
  required: z
    .enum(["on"])
    .optional()
    .transform((v) => v === "on"),
});

const newPassword = {
  token: linkTokenField,
  password: passwordField(ADMIN_PASSWORD_MIN),
  confirm: z.string(),
};
const samePasswords = (v: { password: string; confirm: string }) => v.password === v.confirm;
const differ = { path: ["confirm"], message: "The two passwords differ." };

export const acceptInvitationSchema = z
  .object({
    ...newPassword,
    name: nameText().trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
  })
  .refine(samePasswords, differ);

export const adminResetRequestSchema = z.object({ email: emailField });
export const adminResetSchema = z.object(newPassword).refine(samePasswords, differ);

/** A 6-digit code from an authenticator app; spaces (as some apps show it) are ignored. */
const appCode = singleLineText()
  .transform((v) => v.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."));

/** An app code or a recovery code (checked by lib/admins/second-factor.ts). */
const anyCode = singleLineText().trim().min(1, "Enter a code.").max(40, "This code is too long.");

export const confirmTwoFactorSchema = z.object({ code: appCode });
export const newRecoveryCodesSchema = z.object({ code: appCode });
export const disableTwoFactorSchema = z
  .object({
    password: z.string().max(1000).optional().default(""),
    code: singleLineText().trim().max(40).optional().default(""),
  })
  .refine((v) => v.password !== "" || v.code !== "", {
    path: ["password"],
    message: "Enter your password or a code.",
  });

export const loginCodeSchema = z.object({
  challenge: z.string().min(1).max(1000),
  code: anyCode,
  next: z.string().optional(),
});

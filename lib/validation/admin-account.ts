import { z } from "zod";
import { emailField } from "./common";
import { passwordField } from "./password";
import { nameText } from "./text";

/** The console's Account page: an admin's own name and password (R-SEC-ADMINS). */
export const adminNameSchema = z.object({
  name: nameText().trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
});

/** Admin passwords follow the install's floor (passwordField(0)), never a portal's setting. */
export const adminPasswordChangeSchema = z
  .object({
    currentPassword: z
      .string()
      .min(1, "Enter your current password.")
      .max(1000, "This is not your current password."),
    password: passwordField(0),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "The two passwords differ.",
  });

/** Asking to change the own email (R-SEC-EMAIL-CHANGE): the new address and the current password. */
export const adminEmailChangeSchema = z.object({
  email: emailField,
  currentPassword: z
    .string()
    .min(1, "Enter your current password.")
    .max(1000, "This is not your current password."),
});

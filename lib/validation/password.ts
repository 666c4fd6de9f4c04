import { z } from "zod";
import { passwordField } from "./common";
import { linkTokenField } from "./ids";

/** New password + confirmation, with the organisation's minimum (never below 6). */
export function newPasswordSchema(minLength: number) {
  return z
    .object({
      org: z.string(),
      token: linkTokenField,
      password: passwordField(minLength),
      confirm: z.string(),
    })
    .refine((v) => v.password === v.confirm, {
      path: ["confirm"],
      message: "The two passwords differ.",
    });
}

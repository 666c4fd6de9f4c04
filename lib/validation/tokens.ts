import { z } from "zod";
import { idField } from "./ids";
import { nameText } from "./text";

/** Admin API tokens (gateway and management) in the console. */
export const createApiTokenSchema = z.object({
  name: nameText()
    .trim()
    .min(1, "Give the token a name, e.g. “NGINX eu-west”.")
    .max(80, "At most 80 characters."),
  kind: z.enum(["gateway", "management"], { message: "Choose what the token is for." }),
});

export const revokeApiTokenSchema = z.object({
  tokenId: idField("atk", "That token does not exist or is already revoked."),
});

"use server";
import { z } from "zod";
import { getDb } from "@/db";
import { publicAction } from "@/lib/actions/safe-action";
import { secureAdminAccount } from "@/lib/admins/security-alert";
import { outcomeToState } from "@/lib/outcome";
import { linkTokenField } from "@/lib/validation/ids";

/** R-SEC-EMAIL-CHANGE: an admin's "This wasn't me", confirmed by a button press. */
export const secureAdminAccountAction = publicAction(
  z.object({ token: linkTokenField }),
  async ({ token }) => outcomeToState(await secureAdminAccount(getDb(), token)),
);

"use server";
import { z } from "zod";
import { getDb } from "@/db";
import { portalAction } from "@/lib/actions/safe-action";
import { secureAccount } from "@/lib/developers/security-alert";
import { outcomeToState } from "@/lib/outcome";
import { linkTokenField } from "@/lib/validation/ids";

/** R-SEC-EMAIL-CHANGE: "This wasn't me", confirmed by a button press (never by the link's GET). */
export const secureAccountAction = portalAction(
  () => z.object({ token: linkTokenField }),
  async ({ token }, org) => {
    const r = await secureAccount(getDb(), org, token);
    return outcomeToState(r);
  },
);

import { getDb } from "@/db";
import { authenticateManagement } from "@/lib/api/auth";
import { decideViaApi } from "@/lib/api/key-requests";
import { problem, withProblems } from "@/lib/api/problem";
import { appBaseUrl } from "@/lib/url";

/** POST /api/v1/key-requests/:id/approve and …/decline: one handler, the decision its argument. */
export function decisionRoute(decision: "approve" | "decline") {
  return withProblems(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const db = getDb();
    const who = await authenticateManagement(db, request);
    if (!who)
      return problem("unauthorized", "Send a valid admin API token as Authorization: Bearer.");
    return decideViaApi(
      db,
      who,
      (await params).id,
      decision,
      request,
      `${await appBaseUrl()}/${who.org.slug}`,
    );
  });
}

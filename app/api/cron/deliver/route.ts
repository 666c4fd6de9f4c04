import { getDb } from "@/db";
import { problem, withProblems } from "@/lib/api/problem";
import { env } from "@/lib/env";
import { authorizeCron, runDeliveryCycle } from "@/lib/webhooks/cron";
import { startDeliveryScheduler } from "@/lib/webhooks/scheduler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET|POST /api/cron/deliver — retries due webhook deliveries (every organisation) and, when
 * RESEND_API_KEY is set, due queued emails. Vercel Cron calls it with GET and
 * `Authorization: Bearer $CRON_SECRET`; see docs/WEBHOOKS.md.
 */
const handle = withProblems(async (request: Request) => {
  const e = env();
  const auth = authorizeCron(
    {
      authorization: request.headers.get("authorization"),
      forwardedFor: request.headers.get("x-forwarded-for"),
      host: request.headers.get("host"),
    },
    { cronSecret: e.CRON_SECRET, nodeEnv: e.NODE_ENV },
  );
  if (!auth.ok) return problem(auth.code, auth.message);
  const db = getDb();
  // On a long-running server the first cron call also starts the in-process retry loop.
  startDeliveryScheduler(db);
  const result = await runDeliveryCycle(db, new Date(), { resendApiKey: e.RESEND_API_KEY });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});

export const GET = handle;
export const POST = handle;

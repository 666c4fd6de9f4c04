import { statusRoute } from "../status-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/v1/developers/{id}/reactivate (R-DEV-DEACTIVATE). */
export const POST = statusRoute("active");

import { decisionRoute } from "../decision-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = decisionRoute("approve");

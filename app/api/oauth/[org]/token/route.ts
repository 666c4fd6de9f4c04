import { handleToken } from "@/lib/oauth/http";
import { formEndpoint } from "../respond";

// R-OAUTH-CLIENTS: the client-credentials token endpoint of one organisation (RFC 6749 §4.4).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = formEndpoint(handleToken);

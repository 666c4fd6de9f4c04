import { handleIntrospect } from "@/lib/oauth/http";
import { formEndpoint } from "../respond";

// R-OAUTH-CLIENTS: token introspection (RFC 7662) for the organisation's resource servers.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = formEndpoint(handleIntrospect);

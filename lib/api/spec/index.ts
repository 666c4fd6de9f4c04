import { createDocument, type ZodOpenApiPathsObject } from "zod-openapi";
import type { SpecModule } from "./common";
import { auditSpec } from "./audit";
import { apisSpec, catalogSpec, policiesSpec } from "./configuration";
import { developersSpec } from "./developers";
import { gatewaySpec } from "./gateway";
import { keyRequestsSpec } from "./key-requests";
import { oauthSpec } from "./oauth";
import { keysSpec } from "./keys";
import { usageSpec } from "./usage";

/**
 * The OpenAPI 3.1 document of the management API and the gateway contract, generated from the
 * zod schemas the routes validate with (zod-openapi: zod 4's own JSON Schema through `.meta()`).
 * To add a resource: write lib/api/spec/<resource>.ts exporting a SpecModule, add it here.
 */
export const SPEC_MODULES: SpecModule[] = [
  developersSpec,
  keysSpec,
  keyRequestsSpec,
  policiesSpec,
  apisSpec,
  catalogSpec,
  usageSpec,
  auditSpec,
  gatewaySpec,
  oauthSpec,
];

export function buildOpenApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const m of SPEC_MODULES)
    for (const [path, item] of Object.entries(m.paths)) {
      if (path in paths) throw new Error(`OpenAPI path ${path} is declared twice`);
      paths[path] = item;
    }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Gatehouse API",
      version: "1.0.0",
      description:
        "The management API (`/api/v1`, admin API tokens from Console → Tokens) and the gateway contract (`/api/gateway`, gateway tokens). Lists are cursor-paginated (`limit`, `cursor` → `next_cursor`); every POST accepts an `Idempotency-Key`; each token may make 600 requests a minute (`RateLimit-*` headers); errors are RFC 9457 problem details.",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: serverUrl, description: "This Gatehouse install." }],
    tags: SPEC_MODULES.map((m) => m.tag),
    security: [{ managementToken: [] }],
    components: {
      securitySchemes: {
        managementToken: {
          type: "http",
          scheme: "bearer",
          description: "An admin API token (kind management) from Console → Tokens.",
        },
        gatewayToken: {
          type: "apiKey",
          in: "header",
          name: "X-Gatehouse-Gateway-Token",
          description: "A gateway token (`gw_…`) from Console → Tokens.",
        },
        oauthClientBasic: {
          type: "http",
          scheme: "basic",
          description:
            "A developer's OAuth client: client id and secret as HTTP Basic (client_secret_basic), or in the form (client_secret_post).",
        },
        gatewayBearer: {
          type: "http",
          scheme: "bearer",
          description: "The gateway token as `Authorization: Bearer gw_…` (JSON endpoints only).",
        },
      },
    },
    paths,
  });
}

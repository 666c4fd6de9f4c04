import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/spec";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

describe("OpenAPI document: the OAuth endpoints", () => {
  it("R-OAUTH-CLIENTS: every OAuth route file (app/api/oauth/[org]/*) and the metadata route are in the document, with RFC 6749 errors", () => {
    const doc = buildOpenApiDocument("https://gatehouse.example");
    const paths = Object.keys(doc.paths ?? {});
    const routes = readdirSync(path.join(ROOT, "app/api/oauth/[org]"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `/api/oauth/{org}/${d.name}`);
    expect(routes.sort()).toEqual([
      "/api/oauth/{org}/introspect",
      "/api/oauth/{org}/jwks",
      "/api/oauth/{org}/token",
    ]);
    for (const p of [...routes, "/{org}/.well-known/oauth-authorization-server"])
      expect(paths, p).toContain(p);
    const token = doc.paths?.["/api/oauth/{org}/token"]?.post;
    expect(Object.keys(token?.responses ?? {})).toEqual(
      expect.arrayContaining(["200", "400", "401"]),
    );
    expect(JSON.stringify(doc.components?.schemas?.OAuthError)).toContain("invalid_client");
  });
});

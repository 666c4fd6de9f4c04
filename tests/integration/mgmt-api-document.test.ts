import { readFile } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

import { GET as documentRoute } from "@/app/api/v1/openapi.json/route";
import { generateApiTypes, lintDocument, TYPES_FILE } from "@/scripts/openapi";
import { openApiPathOf, ROUTE_FILES } from "../helpers/mgmt-client";

type Doc = {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, { operationId?: string; responses: object }>>;
};

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

describe("R-MGMT-API: the OpenAPI document", () => {
  it("R-MGMT-API: GET /api/v1/openapi.json serves OpenAPI 3.1 with APP_URL as its server and the gateway contract", async () => {
    const res = await documentRoute();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([
      { url: "https://portal.example.test", description: expect.any(String) },
    ]);
    for (const p of [
      "/api/gateway/auth",
      "/api/gateway/verify",
      "/api/gateway/usage",
      "/api/gateway/health",
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });

  it("R-MGMT-API: every method of every route under app/api/v1 is in the document, and nothing else is", async () => {
    const doc = (await (await documentRoute()).json()) as Doc;
    const served: string[] = [];
    for (const r of ROUTE_FILES) {
      const path = openApiPathOf(r);
      if (path === "/api/v1/openapi.json") continue;
      const mod = (await import(r.file)) as Record<string, unknown>;
      for (const m of METHODS) if (typeof mod[m] === "function") served.push(`${m} ${path}`);
    }
    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/api/v1/"))
      .flatMap(([p, item]) =>
        Object.keys(item)
          .filter((k) => METHODS.includes(k.toUpperCase() as (typeof METHODS)[number]))
          .map((k) => `${k.toUpperCase()} ${p}`),
      );
    expect(served.length).toBeGreaterThan(3);
    expect(documented.sort()).toEqual(served.sort());
  });

  it("R-MGMT-API: @redocly/cli lint with the recommended ruleset passes with no error and no warning", async () => {
    const r = await lintDocument("json");
    const report = JSON.parse(r.stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string }>;
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(r.status, r.output).toBe(0);
  }, 60_000);

  it("R-MGMT-API: the committed client types (lib/api/openapi-types.ts) equal a fresh openapi-typescript generation", async () => {
    const committed = await readFile(TYPES_FILE, "utf8");
    expect(committed, "run `npm run api:types` and commit lib/api/openapi-types.ts").toBe(
      await generateApiTypes(),
    );
  }, 60_000);
});

import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { buildOpenApiDocument } from "@/lib/api/spec";
import { requireAdmin } from "@/lib/auth/guards";
import { appUrl } from "@/lib/url";
import { ScalarReference } from "@/components/docs/scalar-reference";

export const metadata: Metadata = { title: "API reference" };

/** Console → Tokens → API reference (R-MGMT-API): the OpenAPI document, interactive. */
export default async function ApiReferencePage() {
  await requireAdmin();
  const document = buildOpenApiDocument(appUrl()) as unknown as Record<string, unknown>;
  return (
    <>
      <PageHeader
        title="API reference"
        description="The management API and the gateway contract. Try a request with a management token from Tokens; the same document is served at /api/v1/openapi.json."
      />
      <p className="mb-4 text-sm">
        <Link href="/admin/tokens" className="underline">
          Back to tokens
        </Link>{" "}
        ·{" "}
        <a href="/api/v1/openapi.json" className="underline">
          openapi.json
        </a>
      </p>
      <div data-testid="api-reference" className="rounded-md border bg-white">
        <ScalarReference document={document} />
      </div>
    </>
  );
}

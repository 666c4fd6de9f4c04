"use client";

import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

/**
 * Scalar's interactive reference, bundled by Next (no CDN: its scripts are this app's chunks, so
 * the nonce CSP admits them). Fonts, telemetry, the AI agent and MCP are off: nothing leaves this
 * origin but "Test request", which calls the document's server directly with the credential the
 * reader types. The console's management API reference and the portal's catalog entries use it.
 */
export function ScalarReference({ document }: { document: Record<string, unknown> }) {
  return (
    <ApiReferenceReact
      configuration={{
        content: document,
        withDefaultFonts: false,
        telemetry: false,
        hideDarkModeToggle: true,
        documentDownloadType: "json",
        mcp: { disabled: true },
        // Scalar's AI agent turns itself on for local URLs and calls api.scalar.com: off.
        ...({ agent: { disabled: true } } as object),
        persistAuth: false,
      }}
    />
  );
}

"use client";
import { ErrorPanel } from "@/components/ui/error-panel";
import "./globals.css";

/** The last resort: the root layout itself failed, so this page brings its own html and body. */
export default function GlobalError(props: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <main className="mx-auto max-w-2xl px-4 py-16">
          <h1 className="mb-4 text-xl font-semibold text-slate-900">Gatehouse</h1>
          <ErrorPanel {...props} title="Gatehouse could not load this page" />
        </main>
      </body>
    </html>
  );
}

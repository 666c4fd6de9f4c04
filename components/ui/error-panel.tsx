"use client";
import { Alert } from "./alert";
import { Button } from "./button";

/**
 * What a route's error boundary shows: no stack, no internals, the digest to quote to support,
 * and a way to try again. Used by the console's, the portal's and the root error pages.
 */
export function ErrorPanel({
  error,
  reset,
  title = "This page could not be loaded",
}: {
  error: Error & { digest?: string };
  reset: () => void;
  title?: string;
}) {
  return (
    <div className="space-y-4">
      <Alert tone="error" title={title}>
        Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Your
        data is safe.
      </Alert>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}

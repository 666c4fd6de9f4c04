"use client";
import { ErrorPanel } from "@/components/ui/error-panel";

/** A portal page that failed: the portal's header stays (the layout), the page says so. */
export default function PortalError(props: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="mx-auto max-w-2xl">
      <ErrorPanel {...props} />
    </div>
  );
}

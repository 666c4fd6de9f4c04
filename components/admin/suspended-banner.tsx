import { Alert } from "@/components/ui/alert";
import { formatDateTime } from "@/components/ui/format";

/** R-ORG-CREATE: above every console page of a suspended organisation (every change is refused). */
export function SuspendedBanner({ since }: { since: Date }) {
  return (
    <Alert tone="error" title="This organisation is suspended" className="mb-6">
      Since {formatDateTime(since)}. The console is read-only, the developer portal is closed and
      the gateway refuses this organisation&apos;s API keys. Ask the install operator to reactivate
      it.
    </Alert>
  );
}

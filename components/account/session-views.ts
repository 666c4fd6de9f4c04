import { formatDateTime } from "@/components/ui/format";
import { describeDevice } from "@/lib/sessions/device";

/** One row of a Sessions list, ready to show (R-SEC-SESSIONS). */
export type SessionView = {
  id: string;
  device: string;
  address: string;
  signedIn: string;
  lastActive: string;
  current: boolean;
};

type Row = {
  id: string;
  userAgent: string;
  ipAddress: string;
  createdAt: Date;
  lastSeenAt: Date;
};

/** Rows in plain words; the current session first. */
export function sessionViews(rows: Row[], currentSessionId: string | null): SessionView[] {
  const views = rows.map((r) => ({
    id: r.id,
    device: describeDevice(r.userAgent),
    address: r.ipAddress || "unknown",
    signedIn: formatDateTime(r.createdAt),
    lastActive: formatDateTime(r.lastSeenAt),
    current: r.id === currentSessionId,
  }));
  return [...views.filter((v) => v.current), ...views.filter((v) => !v.current)];
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** Dates are shown in UTC everywhere, so the server render and what a team compares agree. */
export function formatDateTime(d: Date | null | undefined): string {
  return d ? `${dateTime.format(d)} UTC` : "—";
}
export function formatDate(d: Date | null | undefined): string {
  return d ? dateOnly.format(d) : "—";
}
export function formatNumber(n: number): string {
  return n.toLocaleString("en-GB");
}

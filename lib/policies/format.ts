/** How policy limits read on screen: "100 / 60 s", "1,000 / day", "Unlimited". */

const n = (x: number) => x.toLocaleString("en-GB");

/** 3600 → "hour", 86400 → "day", 2592000 → "30 days", 7200 → "2 hours", 90 → "90 s". */
export function formatPeriod(seconds: number): string {
  const units: Array<[number, string]> = [
    [86400, "day"],
    [3600, "hour"],
    [60, "min"],
  ];
  for (const [size, name] of units) {
    if (seconds % size === 0) {
      const count = seconds / size;
      if (count === 1) return name;
      return `${n(count)} ${name === "min" ? "min" : `${name}s`}`;
    }
  }
  return `${n(seconds)} s`;
}

export function formatRate(rate: number, per: number): string {
  return `${n(rate)} / ${n(per)} s`;
}

export function formatQuota(max: number, renewalSeconds: number): string {
  return max < 0 ? "Unlimited" : `${n(max)} / ${formatPeriod(renewalSeconds)}`;
}

export function formatExpiry(seconds: number | null): string {
  if (!seconds || seconds <= 0) return "Never";
  const days = seconds / 86400;
  return Number.isInteger(days) ? `${n(days)} ${days === 1 ? "day" : "days"}` : `${n(seconds)} s`;
}

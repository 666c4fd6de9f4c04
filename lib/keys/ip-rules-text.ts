/** How a key's IP rules read in its effective limits (R-KEY-IP-ALLOW). */
export function ipRulesText(allowedIps: string[]): string {
  if (allowedIps.length === 0) return "any address";
  if (allowedIps.length <= 3) return `only from ${allowedIps.join(", ")}`;
  return `only from ${allowedIps.slice(0, 3).join(", ")} and ${allowedIps.length - 3} more`;
}

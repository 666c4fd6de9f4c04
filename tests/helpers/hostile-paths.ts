/**
 * R-SEC-GW-PATH: request paths an attacker would try, with where a stock NGINX (one `location`
 * per API: /weather/ and /payments/) routes each, and how Gatehouse judges it.
 * - `nginx`: the location NGINX picks ("none" = no API location; "400" = NGINX refuses itself).
 *   The e2e suite checks these against a real NGINX, so the table cannot drift from it.
 * - `judged`: the API Gatehouse matches after canonicalisation, or "refused" (400 bad_request).
 * The invariant: a call Gatehouse allows is judged as the API NGINX routes it to.
 */
export type HostilePath = {
  path: string;
  nginx: "weather" | "payments" | "none" | "400";
  judged: "weather" | "payments" | "none" | "refused";
  canonical?: string;
};

export const HOSTILE_PATHS: HostilePath[] = [
  // Plain and dot segments.
  { path: "/weather/x", nginx: "weather", judged: "weather", canonical: "/weather/x" },
  {
    path: "/weather/../payments/x",
    nginx: "payments",
    judged: "payments",
    canonical: "/payments/x",
  },
  { path: "/weather/./x", nginx: "weather", judged: "weather", canonical: "/weather/x" },
  { path: "/./payments/x", nginx: "payments", judged: "payments", canonical: "/payments/x" },
  { path: "/weather/x/..", nginx: "weather", judged: "weather", canonical: "/weather/" },
  { path: "/weather/.../payments", nginx: "weather", judged: "weather" },
  { path: "/../payments/x", nginx: "400", judged: "refused" },
  { path: "/weather/../../payments/x", nginx: "400", judged: "refused" },
  // Encoded slashes and dots, any case.
  {
    path: "/weather/..%2fpayments/x",
    nginx: "payments",
    judged: "payments",
    canonical: "/payments/x",
  },
  { path: "/weather/..%2Fpayments/x", nginx: "payments", judged: "payments" },
  { path: "/weather/%2e%2e%2fpayments/x", nginx: "payments", judged: "payments" },
  { path: "/weather/%2E%2E/payments/x", nginx: "payments", judged: "payments" },
  { path: "/weather/.%2e/payments/x", nginx: "payments", judged: "payments" },
  { path: "/weather/%2e./payments/x", nginx: "payments", judged: "payments" },
  { path: "/weather%2f..%2fpayments/x", nginx: "payments", judged: "payments" },
  { path: "/weather/x/%2e%2e%2f%2e%2e%2fpayments/y", nginx: "payments", judged: "payments" },
  { path: "/payments%2fx", nginx: "payments", judged: "payments", canonical: "/payments/x" },
  { path: "/weather/x/%2e%2e", nginx: "weather", judged: "weather", canonical: "/weather/" },
  { path: "/weather/%2e%2e/payments%2f..%2f..%2fweather/x", nginx: "400", judged: "refused" },
  // Repeated slashes.
  { path: "//payments//x", nginx: "payments", judged: "payments", canonical: "/payments/x" },
  { path: "/weather//..//payments/x", nginx: "payments", judged: "payments" },
  // Encoded ? and # are path characters to NGINX and to the upstream alike.
  { path: "/weather/x%3f/../../payments/x", nginx: "payments", judged: "payments" },
  { path: "/weather/x%23/../../payments/x", nginx: "payments", judged: "payments" },
  // Backslashes: NGINX keeps them, Windows-style upstreams climb with them → refused.
  { path: "/weather/..%5cpayments/x", nginx: "weather", judged: "refused" },
  { path: "/weather/..%5Cpayments/x", nginx: "weather", judged: "refused" },
  { path: "/weather/..\\payments/x", nginx: "weather", judged: "refused" },
  // Double encoding: an upstream that decodes again would climb → refused.
  { path: "/weather/%252e%252e%252fpayments/x", nginx: "weather", judged: "refused" },
  { path: "/weather/..%252fpayments/x", nginx: "weather", judged: "refused" },
  { path: "/weather/%25%32%65%25%32%65/payments/x", nginx: "weather", judged: "refused" },
  // `;` parameters: servlet containers read `..;` as `..` → refused; a plain segment with
  // parameters is an ordinary segment.
  { path: "/weather/..;/payments/x", nginx: "weather", judged: "refused" },
  { path: "/weather/.;x/y", nginx: "weather", judged: "refused" },
  { path: "/weather;x/../payments/x", nginx: "payments", judged: "payments" },
  // Overlong UTF-8 dots and slashes, invalid UTF-8 → refused.
  { path: "/weather/%c0%ae%c0%ae/payments/x", nginx: "weather", judged: "refused" },
  { path: "/weather/%c0%af../payments/x", nginx: "weather", judged: "refused" },
  { path: "/weather/%e0%80%ae%e0%80%ae/payments/x", nginx: "weather", judged: "refused" },
  { path: "/weather/%ff", nginx: "weather", judged: "refused" },
  // Controls and broken escapes.
  { path: "/weather/%00/x", nginx: "400", judged: "refused" },
  { path: "/weather/..%00/payments", nginx: "400", judged: "refused" },
  { path: "/weather/%0a/x", nginx: "weather", judged: "refused" },
  { path: "/weather/%7f", nginx: "weather", judged: "refused" },
  { path: "/weather/%zz", nginx: "400", judged: "refused" },
  { path: "/weather/%2", nginx: "400", judged: "refused" },
  { path: "/weather/%u002e", nginx: "400", judged: "refused" },
  // Case: locations are case-sensitive, and so is Gatehouse.
  { path: "/WEATHER/x", nginx: "none", judged: "none" },
  { path: "/Weather/..%2FPayments/x", nginx: "none", judged: "none", canonical: "/Payments/x" },
  // Full-width solidus is not a slash to anyone.
  { path: "/weather/%ef%bc%8f..", nginx: "weather", judged: "weather" },
];

import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AxeResults, Result } from "axe-core";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const AXE_PATH = path.join(ROOT, "node_modules", "axe-core", "axe.min.js");
export const RESULTS_DIR = path.join(ROOT, "test-results");

export const DESKTOP = { width: 1280, height: 800 } as const;
export const MOBILE = { width: 375, height: 740 } as const;

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Debian's Chromium, in the build Playwright itself runs headless tests on: the headless shell
 * (apt package chromium-headless-shell, the same source and version as the chromium package,
 * which .ci/run installs). The full browser in headless mode (apt package chromium) costs about
 * twice the CPU per page on a 2-core machine (measured: a new page 450 → 150 ms, a navigation
 * 250–400 → 150–200 ms), which put the e2e suite past CI's half hour. Without the shell,
 * /usr/bin/chromium; CHROMIUM_PATH overrides both. A browser is never downloaded.
 */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium";
}

const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";

/**
 * On a busy 2-core machine a Chromium start has hung (CI: Playwright's default 180 s launch
 * timeout, the whole hook's budget): each attempt gets 60 s, and a hung one is tried once more.
 */
export async function launchBrowser(): Promise<Browser> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({
        executablePath: chromiumPath(),
        args: CHROMIUM_ARGS,
        timeout: 60_000,
      });
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}

let clients = 0;

/**
 * A client address of its own for each browser context (198.18.0.0/15, the range set aside for
 * tests): the e2e server trusts one proxy hop (TRUSTED_PROXY_HOPS=1, tests/helpers/e2e.ts), so
 * each page is its own client to the login throttle, as separate people are — a file with many
 * logins no longer trips the 30-per-address window that one real address would.
 */
function nextClientAddress(): string {
  clients += 1;
  return `198.18.${Math.floor(clients / 250) % 256}.${(clients % 250) + 1}`;
}

const clientAddresses = new WeakMap<BrowserContext, string>();

/** The client address a context's requests carry (X-Forwarded-For), if openPage made it. */
export function clientAddressOf(context: BrowserContext): string | undefined {
  return clientAddresses.get(context);
}

/** A fresh context (own cookies, own client address) and page at the given viewport. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const address = nextClientAddress();
  const context = await browser.newContext({
    viewport,
    locale: "en-GB",
    timezoneId: "UTC",
    extraHTTPHeaders: { "x-forwarded-for": address },
  });
  clientAddresses.set(context, address);
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  // R-SEC-HEADERS: record every CSP violation the page reports (an init script runs through the
  // DevTools protocol, before any page script, and is not itself subject to the page's CSP).
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__cspViolations.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || "?"}:${e.lineNumber})`,
      );
    });
  });
  const page = await context.newPage();
  return { context, page };
}

/** The CSP violations the page reported since it loaded (R-SEC-HEADERS). */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  );
}

/**
 * Navigates and waits until React has hydrated the page, so typing and clicking go through the
 * app's handlers rather than racing them (React marks hydrated DOM nodes with __reactFiber…).
 */
export async function gotoHydrated(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForHydration(page);
}

/**
 * Waits until React has hydrated the page and the console's loading skeleton (loading.tsx) has
 * given way to the page: the "load" event can fire while React still holds the streamed page in a
 * hidden boundary (React batches the reveal of streamed Suspense boundaries), and role queries do
 * not see hidden content.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const el = document.querySelector("main") ?? document.body;
    return (
      Object.keys(el).some((k) => k.startsWith("__reactFiber")) &&
      document.querySelector("[data-page-loading]") === null
    );
  });
}

export type A11yViolation = Pick<Result, "id" | "impact" | "help" | "helpUrl"> & {
  targets: string[];
};

let axeSource: string | null = null;

/**
 * Runs axe-core on the page; returns the violations of impact "serious" or "critical", plus any
 * Content-Security-Policy violation the page reported (as a critical "csp-violation"): every
 * screen an e2e test checks is also checked to work under the CSP.
 */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  // Next streams a page's metadata: just after a client-side navigation the new <title> may not
  // be in the document yet. Wait for it (a page that never gets one still fails document-title).
  await page
    .waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 })
    .catch(() => undefined);
  const hasAxe = await page.evaluate(() => "axe" in window);
  // Evaluated through DevTools rather than added as a <script>, which the page's CSP refuses.
  axeSource ??= readFileSync(AXE_PATH, "utf8");
  if (!hasAxe) await page.evaluate(axeSource);
  const results = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }
    ).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  })) as AxeResults;
  const axe: A11yViolation[] = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  const csp = await cspViolations(page);
  if (csp.length === 0) return axe;
  return [
    ...axe,
    {
      id: "csp-violation",
      impact: "critical",
      help: "The page broke its Content-Security-Policy (R-SEC-HEADERS)",
      helpUrl: "https://developer.mozilla.org/docs/Web/HTTP/CSP",
      targets: csp,
    },
  ];
}

export function formatViolations(where: string, violations: A11yViolation[]): string {
  if (violations.length === 0) return `${where}: no serious or critical axe violations`;
  const lines = violations.map(
    (v) => `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.targets.join("\n    ")}`,
  );
  return `${where}: ${violations.length} serious/critical axe violation(s):\n${lines.join("\n")}`;
}

/** Saves a full-page screenshot into test-results/ (gitignored); returns its path. */
export async function screenshot(page: Page, name: string): Promise<string | null> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name.replace(/[^a-zA-Z0-9_-]+/g, "-").slice(0, 120)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
    return file;
  } catch {
    return null;
  }
}

/**
 * Waits until the locator is visible (fails after `timeout`): a browser assertion waits for the
 * state it expects instead of sampling it once.
 */
export async function expectVisible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.waitFor({ state: "visible", timeout });
}

/** Waits until the locator is hidden or gone (fails after `timeout`). */
export async function expectHidden(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.waitFor({ state: "hidden", timeout });
}

import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { THEME_KEY, themeScript } from "@/components/theme/theme-script";

/** Runs the before-paint theme script against a stand-in browser; returns <html>'s state. */
function run({
  stored,
  systemDark,
  storageThrows = false,
}: {
  stored: string | null;
  systemDark: boolean;
  storageThrows?: boolean;
}) {
  const classes = new Set<string>();
  const html = {
    classList: { toggle: (c: string, on: boolean) => (on ? classes.add(c) : classes.delete(c)) },
    style: { colorScheme: "" },
  };
  const window = {
    matchMedia: (q: string) => ({ matches: q === "(prefers-color-scheme: dark)" && systemDark }),
  };
  const localStorage = {
    getItem: (k: string) => {
      if (storageThrows) throw new Error("SecurityError");
      return k === THEME_KEY ? stored : null;
    },
  };
  runInNewContext(themeScript, { window, localStorage, document: { documentElement: html } });
  return { dark: classes.has("dark"), colorScheme: html.style.colorScheme };
}

describe("the dark theme's before-paint script (issue 16)", () => {
  it("WCAG 1.4.3, R-PORTAL-HOME: no choice follows prefers-color-scheme", () => {
    expect(run({ stored: null, systemDark: true })).toEqual({ dark: true, colorScheme: "dark" });
    expect(run({ stored: null, systemDark: false })).toEqual({ dark: false, colorScheme: "light" });
  });

  it("WCAG 1.4.3, R-PORTAL-HOME: a choice remembered in this browser wins over the system", () => {
    expect(run({ stored: "dark", systemDark: false })).toEqual({ dark: true, colorScheme: "dark" });
    expect(run({ stored: "light", systemDark: true })).toEqual({
      dark: false,
      colorScheme: "light",
    });
  });

  it("WCAG 1.4.3, R-PORTAL-HOME: a garbage value follows the system; blocked storage (private modes) follows the system and throws nothing", () => {
    expect(run({ stored: "<script>", systemDark: true })).toEqual({
      dark: true,
      colorScheme: "dark",
    });
    expect(run({ stored: null, systemDark: true, storageThrows: true })).toEqual({
      dark: true,
      colorScheme: "dark",
    });
  });
});

"use client";
import { Moon, Sun } from "lucide-react";
import { useEffect, useSyncExternalStore } from "react";
import { cn } from "@/components/ui/cn";
import { THEME_KEY } from "./theme-script";

const media = () => window.matchMedia("(prefers-color-scheme: dark)");

function apply(dark: boolean) {
  const html = document.documentElement;
  html.classList.toggle("dark", dark);
  html.style.colorScheme = dark ? "dark" : "light";
}

function chosen(): string | null {
  try {
    return localStorage.getItem(THEME_KEY);
  } catch {
    return null;
  }
}

/** The theme is the class on <html>: watch it (another toggle on the page, the system). */
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}
const isDark = () => document.documentElement.classList.contains("dark");

/**
 * "Dark theme" on/off (a toggle button, aria-pressed). The choice is remembered in this browser;
 * until one is made the theme follows the system's prefers-color-scheme, live.
 */
export function ThemeToggle({ className }: { className?: string }) {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);
  useEffect(() => {
    const m = media();
    const follow = () => {
      if (!chosen()) apply(m.matches);
    };
    m.addEventListener("change", follow);
    return () => m.removeEventListener("change", follow);
  }, []);
  const toggle = () => {
    const next = !isDark();
    apply(next);
    try {
      // Choosing what the system prefers anyway forgets the choice: the page follows the system.
      if (next === media().matches) localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, next ? "dark" : "light");
    } catch {}
  };
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={dark}
      className={cn(
        "inline-flex h-8 items-center gap-2 rounded-md border border-transparent px-2 text-sm text-slate-700 hover:bg-slate-100",
        className,
      )}
    >
      {dark ? <Moon className="size-4" aria-hidden /> : <Sun className="size-4" aria-hidden />}
      Dark theme
    </button>
  );
}

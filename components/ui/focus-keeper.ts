"use client";

/**
 * The one focus-return mechanism of the UI kit (WCAG 2.4.3).
 *
 * It remembers the last control focused outside any dialog, menu or toast, with a plan for where
 * focus goes if that control disappears: the next control still on the page inside the same list
 * or table (an approved request's row left, the next row's first control gets focus), else the
 * heading above that list, else the page's main heading. Dialogs (components/ui/dialog.tsx) return
 * focus to the control that had it when they opened — whether a Radix Trigger, a button that set
 * `open` from code, or a menu's trigger — and fall back to the plan when it is gone. When the
 * focused control is removed while no dialog is open (Approve, Revoke), the same plan runs.
 */

const OVERLAY =
  '[role="dialog"], [role="alertdialog"], [role="menu"], [data-radix-popper-content-wrapper], [data-sonner-toaster]';
const TABBABLE =
  'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
const LIST = 'ul, ol, table, [role="list"], [role="table"], [role="grid"], [data-focus-list]';

type Plan = {
  el: HTMLElement;
  /** Tabbable controls after `el` in the same list, in document order, when it was focused. */
  after: HTMLElement[];
  /** The list (or table) holding `el`, if any. */
  list: Element | null;
  /** The last heading above the list (or above `el`). */
  heading: HTMLElement | null;
};

let last: Plan | null = null;
let installed = false;
/** Focus was put on <main> because the page had no heading yet (a loading skeleton). */
let onMainAwaitingHeading = false;

function usable(el: Element | null | undefined): el is HTMLElement {
  if (!(el instanceof HTMLElement) || !el.isConnected) return false;
  if (el.closest("[inert], [hidden]")) return false;
  if (el.matches(":disabled")) return false;
  return el.getClientRects().length > 0;
}

function outermostList(el: HTMLElement): Element | null {
  // A row's own list is the outermost list around it within the main region: a nested list of
  // policies inside a key row is not "the list" the row belongs to.
  let list: Element | null = null;
  let cur: Element | null = el.parentElement;
  while (cur && cur !== document.body && cur.tagName !== "MAIN") {
    if (cur.matches(LIST)) list = cur;
    cur = cur.parentElement;
  }
  return list;
}

function headingBefore(node: Element): HTMLElement | null {
  const headings = Array.from(
    document.querySelectorAll<HTMLElement>("main h1, main h2, main h3, main h4, main h5, main h6"),
  ).filter((h) => !h.closest(OVERLAY));
  let found: HTMLElement | null = null;
  for (const h of headings) {
    if (h.contains(node)) continue;
    if (node.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_PRECEDING) found = h;
  }
  return found;
}

function planFor(el: HTMLElement): Plan {
  const list = outermostList(el);
  const scope = list ?? null;
  const after = scope
    ? Array.from(scope.querySelectorAll<HTMLElement>(TABBABLE)).filter(
        (c) => el.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING && !el.contains(c),
      )
    : [];
  return { el, after, list, heading: headingBefore(list ?? el) };
}

function focusHeading(h: HTMLElement) {
  if (!h.hasAttribute("tabindex")) h.setAttribute("tabindex", "-1");
  h.focus();
}

/** Where focus goes when `plan.el` is gone. */
function fallback(plan: Plan | null): void {
  if (plan) {
    const next = plan.after.find((c) => usable(c));
    if (next) return next.focus();
    if (plan.heading?.isConnected) return focusHeading(plan.heading);
  }
  const h1 = document.querySelector<HTMLElement>("main h1");
  if (h1) return focusHeading(h1);
  const main = document.querySelector("main");
  if (main instanceof HTMLElement) {
    focusHeading(main);
    onMainAwaitingHeading = true;
  }
}

/** The control to return to when a dialog opening now closes (the last one focused outside). */
export function focusReturnTarget(): Plan | null {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== document.body && !active.closest(OVERLAY))
    return planFor(active);
  return last;
}

/** Returns focus to `plan.el`, or, when it has left the page, to its plan's fallback. */
export function returnFocus(plan: Plan | null): void {
  if (plan && usable(plan.el)) {
    plan.el.focus();
    return;
  }
  fallback(plan);
}

/** Installs the page-wide listeners once (idempotent; no-op on the server). */
export function installFocusKeeper(): void {
  if (installed || typeof document === "undefined") return;
  installed = true;
  document.addEventListener("focusin", (e) => {
    const t = e.target;
    if (!(t instanceof HTMLElement) || t === document.body || t.closest(OVERLAY)) return;
    last = planFor(t);
  });
  // When the focused control leaves the page, browsers put focus on <body>: the next Tab would
  // start over from the skip link. Move it to the plan's fallback instead.
  new MutationObserver(() => {
    if (onMainAwaitingHeading) {
      const main = document.querySelector("main");
      const h1 = document.querySelector<HTMLElement>("main h1");
      if (document.activeElement !== main) onMainAwaitingHeading = false;
      else if (h1) {
        onMainAwaitingHeading = false;
        focusHeading(h1);
      }
    }
    if (!last || last.el.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    // A dialog is open (its own focus scope handles focus), or one is closing (it returns focus).
    if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
    const plan = last;
    last = null;
    fallback(plan);
  }).observe(document.body, { childList: true, subtree: true });
}

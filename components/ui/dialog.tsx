"use client";
import * as D from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { type ReactNode, useEffect, useRef } from "react";
import { focusReturnTarget, installFocusKeeper, returnFocus } from "./focus-keeper";

/**
 * Modal dialog (Radix: focus trap, Escape, labelled). Controlled or with a trigger.
 * On close (Escape, X, Cancel, a save that closes it) focus returns to the control that had it
 * when the dialog opened — a Trigger, a button that set `open`, a menu's trigger — or, when that
 * control has left the page (an approved row, a revoked key), to the next control of its list, else
 * the list's heading (WCAG 2.4.3, components/ui/focus-keeper.ts).
 */
export function Dialog({
  trigger,
  title,
  description,
  children,
  open,
  onOpenChange,
}: {
  trigger?: ReactNode;
  title: string;
  description?: string;
  children: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const returnTo = useRef<ReturnType<typeof focusReturnTarget>>(null);
  useEffect(installFocusKeeper, []);
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <D.Trigger asChild>{trigger}</D.Trigger>}
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-slate-900/40 dark:bg-black/60" />
        <D.Content
          onOpenAutoFocus={() => {
            returnTo.current = focusReturnTarget();
          }}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            const plan = returnTo.current;
            returnTo.current = null;
            returnFocus(plan);
          }}
          className="fixed left-1/2 top-1/2 z-50 max-h-[90dvh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-transparent bg-white p-6 shadow-xl focus:outline-none"
        >
          <div className="mb-4 flex items-start justify-between gap-4">
            <div>
              <D.Title className="text-lg font-semibold text-slate-900">{title}</D.Title>
              {description ? (
                <D.Description className="mt-1 text-sm text-slate-600">{description}</D.Description>
              ) : (
                <D.Description className="sr-only">{title}</D.Description>
              )}
            </div>
            <D.Close
              className="rounded-md p-1 text-slate-500 hover:bg-slate-100"
              aria-label="Close"
            >
              <X className="size-5" aria-hidden />
            </D.Close>
          </div>
          {children}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

export const DialogClose = D.Close;

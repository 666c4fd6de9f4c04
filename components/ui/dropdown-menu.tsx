"use client";
import * as M from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";
import { cn } from "./cn";

/** An "Options" menu (Radix: arrow keys, Escape, focus return). */
export function DropdownMenu({
  trigger,
  children,
  align = "end",
}: {
  trigger: ReactNode;
  children: ReactNode;
  align?: "start" | "end";
}) {
  return (
    <M.Root>
      <M.Trigger asChild>{trigger}</M.Trigger>
      <M.Portal>
        <M.Content
          align={align}
          sideOffset={4}
          className="z-50 min-w-44 rounded-md border border-slate-300 bg-white p-1 shadow-lg"
        >
          {children}
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}

export function DropdownItem({
  onSelect,
  children,
  danger,
}: {
  onSelect: () => void;
  children: ReactNode;
  danger?: boolean;
}) {
  return (
    <M.Item
      onSelect={onSelect}
      className={cn(
        // The highlighted item: a tinted background and an inset outline, which forced colours keep
        // (they drop backgrounds) — WCAG 1.4.11, 2.4.7.
        "flex cursor-pointer items-center gap-2 rounded px-3 py-2 text-sm outline-none data-[highlighted]:outline-2 data-[highlighted]:-outline-offset-2 data-[highlighted]:outline-solid",
        danger
          ? "text-red-700 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-800 data-[highlighted]:outline-red-700"
          : "text-slate-800 data-[highlighted]:bg-brand-50 data-[highlighted]:text-brand-800 data-[highlighted]:outline-brand-600",
      )}
    >
      {children}
    </M.Item>
  );
}

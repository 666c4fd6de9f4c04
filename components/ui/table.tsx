import type { ComponentProps } from "react";
import { cn } from "./cn";
import { ScrollRegion } from "./scroll-region";

/** A table that scrolls sideways on narrow screens instead of breaking the layout. */
export function Table({
  className,
  caption,
  children,
  ...props
}: ComponentProps<"table"> & { caption?: string }) {
  return (
    // Focusable and named while it overflows (a narrow screen), so keyboard users can scroll it.
    <ScrollRegion className="overflow-x-auto" label={caption ?? "Table"}>
      <table className={cn("w-full text-left text-sm", className)} {...props}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </ScrollRegion>
  );
}
export function Th({ className, ...props }: ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn(
        "whitespace-nowrap border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600",
        className,
      )}
      {...props}
    />
  );
}
export function Td({ className, ...props }: ComponentProps<"td">) {
  return (
    <td
      className={cn("border-b border-slate-100 px-4 py-3 align-top text-slate-800", className)}
      {...props}
    />
  );
}

import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";

const variants = {
  primary: "border-transparent bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-600/60",
  secondary: "border-slate-300 bg-white text-slate-900 hover:bg-slate-50",
  ghost: "border-transparent text-slate-700 hover:bg-slate-100",
  danger: "border-transparent bg-red-600 text-white hover:bg-red-700",
};
const sizes = { sm: "h-8 px-3 text-sm", md: "h-10 px-4 text-sm", lg: "h-11 px-5 text-base" };

export type ButtonStyle = { variant?: keyof typeof variants; size?: keyof typeof sizes };

export function buttonClass(
  { variant = "primary", size = "md" }: ButtonStyle = {},
  extra?: string,
) {
  return cn(
    // A border on every variant (transparent where the design has none) so buttons keep their
    // outline in forced colours (WCAG 1.4.11). No colour transition: a button re-enabled after a submit must not pass through a faded,
    // low-contrast colour (axe measured one mid-transition).
    "inline-flex items-center justify-center gap-2 rounded-md border font-medium disabled:cursor-not-allowed aria-disabled:cursor-progress",
    variants[variant],
    sizes[size],
    extra,
  );
}

export function Button({
  variant,
  size,
  className,
  type = "button",
  ...props
}: ComponentProps<"button"> & ButtonStyle) {
  return <button type={type} className={buttonClass({ variant, size }, className)} {...props} />;
}

export function ButtonLink({
  variant,
  size,
  className,
  ...props
}: ComponentProps<typeof Link> & ButtonStyle) {
  return <Link className={buttonClass({ variant, size }, className)} {...props} />;
}

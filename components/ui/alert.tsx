import { AlertCircle, CheckCircle2, Info } from "lucide-react";
import type { ReactNode, Ref } from "react";
import { cn } from "./cn";

const tones = {
  error: { box: "border-red-200 bg-red-50 text-red-800", Icon: AlertCircle },
  success: { box: "border-emerald-200 bg-emerald-50 text-emerald-800", Icon: CheckCircle2 },
  info: { box: "border-sky-200 bg-sky-50 text-sky-900", Icon: Info },
};

export function Alert({
  tone = "info",
  title,
  children,
  className,
  live = true,
  ref,
  tabIndex,
}: {
  tone?: keyof typeof tones;
  title?: string;
  children?: ReactNode;
  className?: string;
  /** false: no live region (focus or a toast announces it instead: one announcement). */
  live?: boolean;
  ref?: Ref<HTMLDivElement>;
  tabIndex?: number;
}) {
  const { box, Icon } = tones[tone];
  return (
    <div
      ref={ref}
      tabIndex={tabIndex}
      role={live ? (tone === "error" ? "alert" : "status") : undefined}
      className={cn("flex gap-3 rounded-md border p-3 text-sm", box, className)}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div>
        {title && <p className="font-medium">{title}</p>}
        {children}
      </div>
    </div>
  );
}

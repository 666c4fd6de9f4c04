"use client";
import { Toaster as Sonner } from "sonner";

export function Toaster() {
  return (
    <Sonner
      position="top-right"
      closeButton
      // Sonner's "rich colors" green fails WCAG contrast; keep its default surface with dark text.
      toastOptions={{ classNames: { toast: "!text-slate-900", description: "!text-slate-700" } }}
    />
  );
}
export { toast } from "sonner";

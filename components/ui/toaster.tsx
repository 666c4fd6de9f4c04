"use client";
import { Toaster as Sonner } from "sonner";

export function Toaster() {
  return (
    <Sonner
      position="top-right"
      closeButton
      // Sonner's "rich colors" green fails WCAG contrast; its surface and text take the page's
      // palette instead, so a toast reads in the light and the dark theme alike.
      toastOptions={{
        classNames: {
          toast: "!border-slate-300 !bg-white !text-slate-900",
          description: "!text-slate-700",
          closeButton: "!border-slate-300 !bg-white !text-slate-700",
        },
      }}
    />
  );
}
export { toast } from "sonner";

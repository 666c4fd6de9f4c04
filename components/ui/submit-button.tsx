"use client";
import { Loader2 } from "lucide-react";
import type { ComponentProps } from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonStyle } from "./button";

/**
 * A form's submit button with a spinner while the action runs. It stays focusable while pending
 * (`aria-disabled`, not `disabled`: a disabled button drops focus to the page, WCAG 2.4.3) and a
 * second press — a click or Enter in a field — is refused instead of submitting twice.
 */
export function SubmitButton({
  children,
  pendingText,
  onClick,
  disabled,
  ...props
}: ComponentProps<"button"> & ButtonStyle & { pendingText?: string }) {
  const { pending } = useFormStatus();
  return (
    <Button
      type="submit"
      // A button the caller disables (not available at all) stays a real disabled button.
      disabled={disabled}
      aria-disabled={pending || undefined}
      data-pending={pending || undefined}
      onClick={(e) => {
        if (pending) {
          e.preventDefault();
          return;
        }
        onClick?.(e);
      }}
      {...props}
    >
      {pending && <Loader2 className="size-4 animate-spin" aria-hidden />}
      {pending && pendingText ? pendingText : children}
    </Button>
  );
}

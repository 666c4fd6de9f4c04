"use client";
import { Loader2 } from "lucide-react";
import type { ComponentProps } from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonStyle } from "./button";

/** A form's submit button: disabled with a spinner while the action runs. */
export function SubmitButton({
  children,
  pendingText,
  ...props
}: ComponentProps<"button"> & ButtonStyle & { pendingText?: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending} aria-disabled={pending} {...props}>
      {pending && <Loader2 className="size-4 animate-spin" aria-hidden />}
      {pending && pendingText ? pendingText : children}
    </Button>
  );
}

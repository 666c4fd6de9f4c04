"use client";
import { type ComponentProps, useEffect, useRef, useState } from "react";

/**
 * A scrolling box that is a named Tab stop only while its content overflows it (keyboard users can
 * scroll it with the arrow keys), and no Tab stop when it fits (WCAG 2.1.1, 2.4.3).
 */
export function ScrollRegion({
  label,
  children,
  ...props
}: Omit<ComponentProps<"div">, "tabIndex" | "role"> & { label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () =>
      setOverflows(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    for (const child of Array.from(el.children)) observer.observe(child);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      {...props}
      {...(overflows ? { tabIndex: 0, role: "region", "aria-label": label } : {})}
      data-scrolls={overflows || undefined}
    >
      {children}
    </div>
  );
}

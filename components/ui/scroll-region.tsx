"use client";
import { type ComponentProps, useEffect, useRef, useState } from "react";

/**
 * A scrolling box that is a named Tab stop only while its content overflows it (keyboard users can
 * scroll it with the arrow keys), and no Tab stop when it fits (WCAG 2.1.1, 2.4.3). Until it has
 * been measured in the browser — the server's HTML, and the page before hydration — it is a Tab
 * stop: a region that may scroll is never out of the keyboard's reach (a CI run's axe check of
 * /admin/usage at 375 px ran before hydration and found the table's box unreachable).
 */
export function ScrollRegion({
  label,
  children,
  as: Tag = "div",
  labelAlways = false,
  ...props
}: Pick<ComponentProps<"div">, "className" | "children" | "id" | "style"> & {
  label: string;
  /** A <pre> for a code block that scrolls sideways. */
  as?: "div" | "pre";
  /** Keep the name when it fits too (a code block named "Example call with curl"). */
  labelAlways?: boolean;
}) {
  const ref = useRef<HTMLElement>(null);
  const [overflows, setOverflows] = useState<boolean | null>(null);
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
    <Tag
      ref={ref as never}
      {...props}
      {...(labelAlways ? { "aria-label": label } : {})}
      {...(overflows !== false ? { tabIndex: 0, role: "region", "aria-label": label } : {})}
      data-scrolls={overflows === true || undefined}
    >
      {children}
    </Tag>
  );
}

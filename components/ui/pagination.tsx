import Link from "next/link";
import { buttonClass } from "./button";
import { formatNumber } from "./format";

/** Previous / next links that keep the other query parameters. */
export function Pagination({
  page,
  pageSize,
  total,
  href,
}: {
  page: number;
  pageSize: number;
  total: number;
  href: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between gap-2 px-4 py-3 text-sm text-slate-600"
    >
      <span>
        Page {formatNumber(page)} of {formatNumber(pages)} · {formatNumber(total)} in all
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={buttonClass({ variant: "secondary", size: "sm" })} href={href(page - 1)}>
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={buttonClass({ variant: "secondary", size: "sm" })} href={href(page + 1)}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

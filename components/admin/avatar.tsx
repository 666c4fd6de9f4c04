"use client";
import { useState } from "react";

/** Gravatar for the email (d=404 so "no Gravatar" falls back), initials otherwise (R-DEV-PROFILE). */
export function Avatar({
  gravatarHash,
  name,
  email,
  size = 64,
}: {
  gravatarHash: string;
  name: string;
  email: string;
  size?: number;
}) {
  const [failed, setFailed] = useState(false);
  const initials = (name || email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join("");
  if (failed)
    return (
      <span
        aria-hidden
        data-testid="avatar-initials"
        style={{ width: size, height: size }}
        className="inline-flex shrink-0 items-center justify-center rounded-full bg-brand-100 text-lg font-semibold text-brand-800"
      >
        {initials}
      </span>
    );
  return (
    // eslint-disable-next-line @next/next/no-img-element -- external avatar; next/image would proxy it
    <img
      src={`https://www.gravatar.com/avatar/${gravatarHash}?s=${size * 2}&d=404`}
      alt=""
      width={size}
      height={size}
      className="shrink-0 rounded-full bg-slate-100"
      onError={() => setFailed(true)}
    />
  );
}

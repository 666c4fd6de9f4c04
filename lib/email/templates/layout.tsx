import type { ReactNode } from "react";

const body = {
  fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
  color: "#0f172a",
  background: "#f8fafc",
  padding: "24px",
};
const card = {
  maxWidth: "560px",
  margin: "0 auto",
  background: "#ffffff",
  border: "1px solid #e2e8f0",
  borderRadius: "8px",
  padding: "24px",
};

/** Shared frame of every email: organisation name on top, a footer on why it was sent. */
export function EmailLayout({ orgName, children }: { orgName: string; children: ReactNode }) {
  return (
    <html lang="en">
      <body style={body}>
        <div style={card}>
          <p style={{ fontSize: "14px", color: "#475569", margin: "0 0 16px" }}>
            {orgName} developer portal
          </p>
          {children}
          <p style={{ fontSize: "12px", color: "#64748b", marginTop: "24px" }}>
            You receive this email because of an account at the {orgName} developer portal.
          </p>
        </div>
      </body>
    </html>
  );
}

export function EmailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p>
      <a
        href={href}
        style={{
          display: "inline-block",
          background: "#4f46e5",
          color: "#ffffff",
          padding: "10px 16px",
          borderRadius: "6px",
          textDecoration: "none",
        }}
      >
        {children}
      </a>
    </p>
  );
}

export function EmailLink({ href }: { href: string }) {
  return (
    <p style={{ fontSize: "13px", color: "#475569", wordBreak: "break-all" }}>
      Or paste this link into your browser: {href}
    </p>
  );
}

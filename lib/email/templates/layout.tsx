import { Body, Button, Container, Head, Html, Preview, Text } from "@react-email/components";
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

/**
 * Shared frame of every email (react-email components, rendered by @react-email/render):
 * organisation name on top, a footer on why it was sent. `preview` is the inbox's preview line.
 */
export function EmailLayout({
  orgName,
  preview,
  children,
}: {
  orgName: string;
  preview?: string;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      {preview && <Preview>{preview}</Preview>}
      <Body style={body}>
        <Container style={card}>
          <Text style={{ fontSize: "14px", color: "#475569", margin: "0 0 16px" }}>
            {orgName} developer portal
          </Text>
          {children}
          <Text style={{ fontSize: "12px", color: "#64748b", marginTop: "24px" }}>
            You receive this email because of an account at the {orgName} developer portal.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function EmailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Text>
      <Button
        href={href}
        style={{
          background: "#4f46e5",
          color: "#ffffff",
          padding: "10px 16px",
          borderRadius: "6px",
          textDecoration: "none",
        }}
      >
        {children}
      </Button>
    </Text>
  );
}

export function EmailLink({ href }: { href: string }) {
  return (
    <Text style={{ fontSize: "13px", color: "#475569", wordBreak: "break-all" }}>
      Or paste this link into your browser: {href}
    </Text>
  );
}

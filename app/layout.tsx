import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { themeScript } from "@/components/theme/theme-script";
import { FocusKeeperRoot } from "@/components/ui/focus-keeper-root";
import { Toaster } from "@/components/ui/toaster";
import { ZodJitless } from "@/components/zod-jitless";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "API developer portal",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so each gets the CSP nonce of its request (proxy.ts);
  // a page prerendered at build time would carry scripts no nonce covers.
  await connection();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script sets class="dark" before paint; React must not undo it at hydration.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-dvh font-sans">
        <ZodJitless />
        <FocusKeeperRoot />
        {children}
        <Toaster />
      </body>
    </html>
  );
}

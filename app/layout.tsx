import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
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
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <ZodJitless />
        {children}
        <Toaster />
      </body>
    </html>
  );
}

import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Policies" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="Policies" description="Rate limits, quotas and access rights." planned={["create and edit policies", "grant access to APIs, methods and paths"]} />;
}

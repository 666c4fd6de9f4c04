import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Audit log" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="Audit log" description="Every admin and security-relevant action." planned={["filter by actor, action and target"]} />;
}

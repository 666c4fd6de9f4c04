import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Catalog" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="Catalog" description="What developers see and can request." planned={["publish policies as catalog entries", "set the approval mode and reason fields of each entry"]} />;
}

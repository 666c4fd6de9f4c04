import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Key requests" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="Key requests" description="Requests for access from the catalog." planned={["approve or decline pending requests", "filter by status, catalog entry and developer"]} />;
}

import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Usage" };

export default async function Page() {
  await requireAdmin();
  return (
    <ComingSoon
      title="Usage"
      description="Traffic across all developers."
      planned={["see usage by API and developer", "export usage as CSV for any range"]}
    />
  );
}

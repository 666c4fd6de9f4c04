import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Developers" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="Developers" description="Everyone who signed up to your portal." planned={["list and search developers by email", "add a developer and invite them", "see each developer's profile, keys, usage and OAuth clients", "deactivate or delete a developer"]} />;
}

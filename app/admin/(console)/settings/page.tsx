import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Settings" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="Settings" description="How your developer portal behaves." planned={["configure signup fields and password rules", "choose the key approval mode", "set the email sender"]} />;
}

import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Keys" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="Keys" description="API keys issued to developers." planned={["see every key with its policies and effective limits", "change a key's policies", "roll or revoke a key"]} />;
}

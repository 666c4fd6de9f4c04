import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "API & gateway tokens" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="API & gateway tokens" description="Credentials for automation and gateways." planned={["create management API tokens", "create gateway tokens for NGINX and other gateways"]} />;
}

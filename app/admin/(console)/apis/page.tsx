import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "APIs" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="APIs" description="The APIs your gateways protect." planned={["register APIs with their listen paths", "attach Markdown or OpenAPI documentation"]} />;
}

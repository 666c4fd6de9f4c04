import type { Metadata } from "next";
import { ComingSoon } from "@/components/admin/coming-soon";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Webhooks" };

export default async function Page() {
  await requireAdmin();
  return <ComingSoon title="Webhooks" description="Signed notifications for your systems." planned={["register endpoints and events", "read the delivery log and resend"]} />;
}

import { LayoutDashboard } from "lucide-react";
import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireDeveloper } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: { params: Promise<{ org: string }> }) {
  const { developer, org } = await requireDeveloper((await params).org);
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome${developer.name ? `, ${developer.name}` : ""}. This is your ${org.name} developer account.`} />
      <Card>
        <EmptyState icon={LayoutDashboard} title="Your usage and keys will appear here">
          The catalog, key requests and usage graphs are on their way.
        </EmptyState>
      </Card>
    </>
  );
}

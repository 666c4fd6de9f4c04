import { Construction } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** Placeholder for an area a later issue builds; says what it will hold. */
export function ComingSoon({
  title,
  description,
  planned,
}: {
  title: string;
  description: string;
  planned: string[];
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card>
        <EmptyState icon={Construction} title="Coming soon">
          <p>This area is being built. It will let you:</p>
          <ul className="mt-2 list-inside list-disc text-left">
            {planned.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </EmptyState>
      </Card>
    </>
  );
}

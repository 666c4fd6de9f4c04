import { ArrowRight, KeyRound } from "lucide-react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { listOrganisations } from "@/db/queries/organisations";

export default async function HomePage() {
  // Per request: what organisations exist is never known at build time.
  await connection();
  const orgs = await listOrganisations(getDb());
  if (orgs.length === 0) redirect("/setup");
  return (
    <main className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center px-4 py-10">
      <div className="mb-6 flex items-center gap-2 text-brand-700">
        <KeyRound className="size-7" aria-hidden />
        <h1 className="text-2xl font-semibold">Gatehouse</h1>
      </div>
      <p className="mb-6 text-slate-700">API developer portal. Choose where to go:</p>
      <Card className="divide-y divide-slate-100">
        {orgs.map((o) => (
          <Link
            key={o.id}
            href={`/${o.slug}`}
            className="flex items-center justify-between px-4 py-3 hover:bg-slate-50"
          >
            <span>
              <span className="block font-medium">{o.name}</span>
              <span className="text-sm text-slate-600">Developer portal · /{o.slug}</span>
            </span>
            <ArrowRight className="size-4 text-slate-500" aria-hidden />
          </Link>
        ))}
      </Card>
      <div className="mt-6">
        <ButtonLink href="/admin" variant="secondary">
          Admin console
        </ButtonLink>
      </div>
    </main>
  );
}

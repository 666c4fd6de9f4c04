import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/ui/auth-card";
import { getAdminContext } from "@/lib/auth/guards";
import { AdminLoginForm } from "./login-form";

export const metadata: Metadata = { title: "Admin login" };

export default async function AdminLoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  if (await getAdminContext()) redirect("/admin");
  const { next } = await searchParams;
  return (
    <AuthCard
      title="Log in to the admin console"
      subtitle="Manage developers, keys, policies and the API catalog."
    >
      <AdminLoginForm next={next} />
    </AuthCard>
  );
}

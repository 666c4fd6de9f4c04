import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/auth-card";
import { getAdminContext } from "@/lib/auth/guards";
import { AdminLoginForm } from "./login-form";

export const metadata: Metadata = { title: "Admin login" };

export default async function AdminLoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; joined?: string; passwordSet?: string }>;
}) {
  if (await getAdminContext()) redirect("/admin");
  const { next, joined, passwordSet } = await searchParams;
  return (
    <AuthCard
      title="Log in to the admin console"
      subtitle="Manage developers, keys, policies and the API catalog."
    >
      {(joined || passwordSet) && (
        <Alert tone="success" className="mb-4">
          {joined
            ? "Welcome to the team! Log in with your email and new password."
            : "Your password was changed. Log in with the new one."}
        </Alert>
      )}
      <AdminLoginForm next={next} />
    </AuthCard>
  );
}

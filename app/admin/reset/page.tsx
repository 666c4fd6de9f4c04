import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/ui/auth-card";
import { AdminResetRequestForm } from "./request-form";

export const metadata: Metadata = { title: "Reset admin password" };

export default function AdminResetRequestPage() {
  return (
    <AuthCard
      title="Reset your admin password"
      subtitle="Enter the email of your admin account and we will send you a link."
      footer={
        <>
          Remembered it?{" "}
          <Link className="text-brand-700 underline" href="/admin/login">
            Log in
          </Link>
        </>
      }
    >
      <AdminResetRequestForm />
    </AuthCard>
  );
}

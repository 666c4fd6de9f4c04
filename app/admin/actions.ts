"use server";
import { signOut } from "@/lib/auth";

export async function logoutAdminAction() {
  await signOut({ redirectTo: "/admin/login" });
}

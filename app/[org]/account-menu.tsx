"use client";
import { ChevronDown, LogOut, UserRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { logoutDeveloperAction } from "./actions";
import { Button } from "@/components/ui/button";
import { DropdownItem, DropdownMenu } from "@/components/ui/dropdown-menu";

/** Account menu → "Edit profile" (R-PROFILE-EDIT) and "Log out". */
export function AccountMenu({ org, email }: { org: string; email: string }) {
  const router = useRouter();
  return (
    <DropdownMenu
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Account menu for ${email}`}>
          <UserRound className="size-4" aria-hidden />
          <span className="hidden max-w-48 truncate sm:inline">{email}</span>
          <ChevronDown className="size-4" aria-hidden />
        </Button>
      }
    >
      <DropdownItem onSelect={() => router.push(`/${org}/account`)}>
        <UserRound className="size-4" aria-hidden /> Edit profile
      </DropdownItem>
      <DropdownItem
        onSelect={() => {
          const fd = new FormData();
          fd.set("org", org);
          void logoutDeveloperAction(fd);
        }}
      >
        <LogOut className="size-4" aria-hidden /> Log out
      </DropdownItem>
    </DropdownMenu>
  );
}

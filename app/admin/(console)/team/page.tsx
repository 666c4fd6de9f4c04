import { ShieldCheck, Users } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { pendingInvitations } from "@/db/queries/admin-links";
import { listAdmins } from "@/db/queries/admins";
import type { AdminUser } from "@/db/schema";
import { requireAdmin } from "@/lib/auth/guards";
import { InviteForm } from "./invite-form";
import { MemberActions, type MemberView } from "./member-actions";
import { RequireTwoFactorForm } from "./require-two-factor-form";

export const metadata: Metadata = { title: "Team" };

function stateOf(a: AdminUser): MemberView["state"] {
  if (!a.passwordHash) return "invited";
  return a.status === "active" ? "active" : "disabled";
}

function StatusBadge({ state, expires }: { state: MemberView["state"]; expires?: Date }) {
  if (state === "active") return <Badge tone="green">Active</Badge>;
  if (state === "disabled") return <Badge tone="red">Disabled</Badge>;
  if (expires && expires > new Date())
    return <Badge tone="amber">Invited · until {formatDateTime(expires)}</Badge>;
  return <Badge tone="red">Invitation expired</Badge>;
}

/** Owners manage the console's admins (R-SEC-ADMINS); admins and viewers are sent away. */
export default async function TeamPage() {
  const { admin: me, org } = await requireAdmin();
  if (me.role !== "owner") redirect("/admin");
  const db = getDb();
  const [admins, invitations] = await Promise.all([
    listAdmins(db, org.id),
    pendingInvitations(db, org.id),
  ]);
  const expiry = new Map(invitations.map((i) => [i.adminId, i.expiresAt]));
  const withoutTwoFactor = admins.filter((a) => a.passwordHash && !a.totpEnabledAt).length;
  return (
    <>
      <PageHeader
        title="Team"
        description="Who can use this admin console. Owners invite admins and viewers, change roles, disable or remove accounts."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Invite an admin"
            description="They get an email with a link (valid 72 hours) to choose their name and password."
          />
          <CardBody>
            <InviteForm />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Admins" />
          {admins.length === 0 ? (
            <EmptyState icon={Users} title="No admins">
              Invite someone above.
            </EmptyState>
          ) : (
            <Table caption="Admins of this organisation">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Email</Th>
                  <Th>Role</Th>
                  <Th>Status</Th>
                  <Th>Two-factor</Th>
                  <Th>Last login</Th>
                  <Th className="text-right">Actions</Th>
                </tr>
              </thead>
              <tbody>
                {admins.map((a) => {
                  const state = stateOf(a);
                  return (
                    <tr key={a.id} data-testid="team-member">
                      <Td className="font-medium">
                        {a.name || <span className="text-slate-600">—</span>}
                        {a.id === me.id && (
                          <span className="ml-2">
                            <Badge tone="blue">You</Badge>
                          </span>
                        )}
                      </Td>
                      <Td className="break-all">{a.email}</Td>
                      <Td className="capitalize">{a.role}</Td>
                      <Td>
                        <StatusBadge state={state} expires={expiry.get(a.id)} />
                      </Td>
                      <Td>
                        {a.totpEnabledAt ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
                      </Td>
                      <Td className="whitespace-nowrap">
                        {a.lastLoginAt ? formatDateTime(a.lastLoginAt) : "Never"}
                      </Td>
                      <Td className="text-right">
                        <MemberActions
                          member={{
                            id: a.id,
                            email: a.email,
                            role: a.role,
                            state,
                            self: a.id === me.id,
                            twoFactor: a.totpEnabledAt !== null,
                          }}
                        />
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader
            title={
              <span className="flex items-center gap-2">
                <ShieldCheck className="size-4" aria-hidden /> Two-factor authentication
              </span>
            }
            description="When required, an admin without two-factor can only set it up after logging in — nothing else — until they do."
          />
          <CardBody className="space-y-3">
            <p className="text-sm text-slate-700" data-testid="two-factor-summary">
              {withoutTwoFactor === 0
                ? "Every admin who has joined has two-factor on."
                : `${withoutTwoFactor} of the admins who have joined ${withoutTwoFactor === 1 ? "has" : "have"} not set up two-factor yet.`}
            </p>
            <RequireTwoFactorForm required={org.requireAdminTwoFactor} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}

import QRCode from "qrcode";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { AdminUser } from "@/db/schema";
import { totpUri } from "@/lib/admins/totp";
import { twoFactorState } from "@/lib/admins/two-factor";
import { TwoFactorPanel } from "./two-factor-panel";
import type { TwoFactorActions, TwoFactorView } from "./types";

async function viewOf(admin: AdminUser, orgName: string): Promise<TwoFactorView> {
  const state = twoFactorState(admin);
  if (state.status !== "pending") return state;
  const uri = totpUri(state.secret, admin.email, orgName);
  // An SVG drawn on the server, shown as a data: image: no script, nothing fetched (CSP).
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const qrDataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
  return { status: "pending", secret: state.secret, uri, qrDataUrl };
}

/**
 * Account → Two-factor authentication (R-SEC-ADMINS): TOTP set-up with a QR code, recovery
 * codes, turning it off. The page passes the actions (app/admin/two-factor/actions.ts).
 */
export async function TwoFactorSection({
  admin,
  orgName,
  required,
  actions,
}: {
  admin: AdminUser;
  orgName: string;
  required: boolean;
  actions: TwoFactorActions;
}) {
  const view = await viewOf(admin, orgName);
  return (
    <Card aria-labelledby="two-factor-title">
      <CardHeader
        title={
          <span id="two-factor-title" className="flex items-center gap-2">
            Two-factor authentication
            {view.status === "on" ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
          </span>
        }
        description="A code from an authenticator app, asked after your password at every login."
      />
      <CardBody>
        <TwoFactorPanel view={view} actions={actions} required={required} />
      </CardBody>
    </Card>
  );
}

"use client";
import { useState } from "react";
import { setOwnKeyIpRulesAction } from "./actions";
import { IpRulesForm } from "@/components/keys/ip-rules-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** My keys → IP rules (R-KEY-IP-ALLOW): a developer binds their key to their servers. */
export function IpRulesOwnKey({
  org,
  keyId,
  start,
  rules,
}: {
  org: string;
  keyId: string;
  start: string;
  rules: string[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => setOpen(true)}
        aria-label={`IP rules of key ${start}`}
      >
        IP rules
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="IP rules"
        description={`Key ${start}…: the addresses it may be used from.`}
      >
        {open && (
          <IpRulesForm
            action={setOwnKeyIpRulesAction}
            hidden={{ org }}
            keyId={keyId}
            start={start}
            rules={rules}
            onDone={() => setOpen(false)}
          />
        )}
      </Dialog>
    </>
  );
}

"use client";
import { useState } from "react";
import { revokeOwnKeyAction } from "./actions";
import { RevokeKeyForm } from "@/components/keys/revoke-key-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export function RevokeOwnKey({ org, keyId, start }: { org: string; keyId: string; start: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => setOpen(true)}
        aria-label={`Revoke key ${start}`}
      >
        Revoke
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Revoke this key?">
        {open && (
          <RevokeKeyForm
            action={revokeOwnKeyAction}
            hidden={{ org }}
            keyId={keyId}
            start={start}
            onDone={() => setOpen(false)}
          />
        )}
      </Dialog>
    </>
  );
}

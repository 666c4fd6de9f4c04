"use client";
import { useState } from "react";
import { rollOwnKeyAction } from "./actions";
import { RollKeyForm } from "@/components/keys/roll-key-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** My keys → Roll (R-KEY-ROTATE): a new value for the same key, the old one kept for a grace period. */
export function RollOwnKey({
  org,
  keyId,
  start,
  previous,
}: {
  org: string;
  keyId: string;
  start: string;
  previous: { start: string; until: string } | null;
}) {
  const [open, setOpen] = useState(false);
  const [n, setN] = useState(0);
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          setN(n + 1);
          setOpen(true);
        }}
        aria-label={`Roll key ${start}`}
      >
        Roll
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Roll this key?">
        {open && (
          <RollKeyForm
            key={n}
            action={rollOwnKeyAction}
            hidden={{ org }}
            keyId={keyId}
            start={start}
            previous={previous}
            onDone={() => setOpen(false)}
          />
        )}
      </Dialog>
    </>
  );
}

import type { Db, Tx } from "@/db";
import type { Outcome } from "@/lib/outcome";
import { deliverSoon, queueEvent } from "@/lib/webhooks/emit";
import type { EventData, WebhookEvent } from "@/lib/webhooks/events";

/**
 * What a transaction leaves for after its commit. Webhook events are queued inside the
 * transaction (their delivery rows exist only if the change commits) and attempted after it;
 * emails, cache invalidations and other effects outside the database run after it, in order.
 */
export class AfterCommit {
  private readonly deliveryIds: string[] = [];
  private readonly tasks: Array<() => unknown> = [];

  constructor(private readonly tx: Db | Tx) {}

  /** Queues `event` in the transaction; its deliveries are attempted once it commits. */
  async event(orgId: string, event: WebhookEvent, data: EventData): Promise<void> {
    const rows = await queueEvent(this.tx, orgId, event, data);
    for (const row of rows) this.deliveryIds.push(row.id);
  }

  /** Runs `task` after the commit (an email, a cache invalidation); never if it rolls back. */
  then(task: () => unknown): void {
    this.tasks.push(task);
  }

  /** Called by transact once committed. */
  async run(db: Db): Promise<void> {
    deliverSoon(db, this.deliveryIds);
    for (const task of this.tasks) await task();
  }
}

class RolledBack extends Error {
  constructor(readonly outcome: Outcome<never>) {
    super("rolled back: " + outcome.message);
  }
}

/**
 * The transaction rule of the domain: `work` writes data, audit rows and webhook events through
 * `tx`, and returns an Outcome. A failed outcome rolls everything back, as does a thrown error
 * (which propagates); only a successful outcome commits, and then `after`'s effects run.
 *
 * @example
 * return transact(db, async (tx, after) => {
 *   if (!(await decideKeyRequest(tx, orgId, id, { status: "declined" })))
 *     return failed("conflict", "This request was already decided.");
 *   await insertAudit(tx, orgId, { ...actor, action: "key_request.declined" });
 *   await after.event(orgId, "key_request.declined", { key_request_id: id });
 *   after.then(() => sendEmail(db, org, to, "keyRequestDeclined", props));
 *   return done(null, "Declined.");
 * });
 */
export async function transact<T>(
  db: Db,
  work: (tx: Tx, after: AfterCommit) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  try {
    const committed = await db.transaction(async (tx) => {
      const after = new AfterCommit(tx);
      const outcome = await work(tx, after);
      if (!outcome.ok) throw new RolledBack(outcome);
      return { outcome, after };
    });
    await committed.after.run(db);
    return committed.outcome;
  } catch (err) {
    if (err instanceof RolledBack) return err.outcome;
    throw err;
  }
}

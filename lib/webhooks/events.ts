/**
 * The events an endpoint can subscribe to. Receivers switch on `type`; the list is closed so a
 * typo in domain code is a compile error rather than an event nobody receives.
 */
export const WEBHOOK_EVENTS = [
  "developer.created",
  "key_request.created",
  "key_request.approved",
  "key_request.declined",
  "key.created",
  "key.revoked",
  "key.policy_changed",
  "key.rolled",
  "quota.threshold",
  "oauth_client.created",
  "oauth_client.secret_rotated",
  "oauth_client.revoked",
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Sent only by "Send test event" to one endpoint, whatever it subscribes to. */
export const PING_EVENT = "ping";

export type DeliveryEvent = WebhookEvent | typeof PING_EVENT;

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  "developer.created": "A developer signed up or was added",
  "key_request.created": "A key request was made",
  "key_request.approved": "A key request was approved",
  "key_request.declined": "A key request was declined",
  "key.created": "A key was issued",
  "key.revoked": "A key was revoked",
  "key.policy_changed": "A key's policies changed",
  "key.rolled": "A key was rolled (new value; the old one valid for a grace period)",
  "quota.threshold": "A key's quota period reached an alert threshold (e.g. 80 % or 100 %)",
  "oauth_client.created": "An OAuth client was created for a developer",
  "oauth_client.secret_rotated": "An OAuth client's secret was replaced (its tokens revoked)",
  "oauth_client.revoked": "An OAuth client was deleted or revoked (its tokens revoked)",
};

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/**
 * Event data (what goes under `data` in the payload): plain JSON-serialisable values. Dates
 * become ISO strings; never put secrets (keys, tokens) here: payloads are kept in the delivery log.
 */
export type EventData = Record<string, unknown>;

/** The body every delivery POSTs. `id` is the event's id: the same for every endpoint it goes to. */
export type WebhookPayload = {
  id: string;
  type: DeliveryEvent;
  created_at: string;
  org_id: string;
  data: EventData;
};

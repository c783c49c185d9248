import { badInput } from './errors';
import type { Instant } from './records';
import { LIMITS, optionalLine } from './validation';
import { isWebhookEventType, type WebhookEventType, WEBHOOK_EVENT_TYPES } from './webhookEvents';
import { webhookUrl, type WebhookUrlPolicy } from './webhookUrl';

/** A signing secret: `whsec_` and base64, as Standard Webhooks libraries take it. */
export interface SigningSecret {
  secret: string;
  /** Set on a rotated-out secret: it keeps signing beside the new one until then. */
  retiresAt: Instant | null;
}

export interface WebhookSubscription {
  id: string;
  url: string;
  eventTypes: WebhookEventType[];
  mapId: string | null;
  description: string | null;
  enabled: boolean;
  createdAt: Instant;
  /** Never returned by a query: the API shows a secret once, when it is made. */
  secrets: SigningSecret[];
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'DISABLED';

export interface WebhookDelivery {
  /** Opaque: names the subscription, the event's time and the event. */
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  customerId: string;
  order: number;
  /** The body sent, the same on every attempt. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /** Failed attempts since the delivery (re)started: where it stands in the retry schedule. */
  failures: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Instant | null;
  nextAttemptAt: Instant | null;
  eventAt: Instant;
  createdAt: Instant;
}

/** How long a rotated-out secret keeps signing, so receivers can switch without dropping a delivery. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

export const WEBHOOK_LIMITS = { description: 500, eventTypes: WEBHOOK_EVENT_TYPES.length } as const;

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  mapId?: string | null;
  description?: string | null;
}

/** A new subscription's settings, checked: each refusal names the field at fault. */
export function subscriptionSettings(input: SubscriptionInput, policy: WebhookUrlPolicy) {
  const url = webhookUrl('input.url', input.url, policy);
  if (input.eventTypes.length === 0) throw badInput('input.eventTypes', 'input.eventTypes must name at least one event type');
  input.eventTypes.forEach((type, i) => {
    if (!isWebhookEventType(type)) {
      throw badInput(`input.eventTypes[${i}]`, `Unknown event type "${type}"; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
    }
  });
  return {
    url,
    eventTypes: [...new Set(input.eventTypes as WebhookEventType[])],
    mapId: optionalLine('input.mapId', input.mapId, LIMITS.externalId),
    description: optionalLine('input.description', input.description, WEBHOOK_LIMITS.description),
  };
}

/** The secrets that sign now: the current one, and a rotated-out one until it retires. */
export function signingSecrets(subscription: Pick<WebhookSubscription, 'secrets'>, now: Date): string[] {
  return subscription.secrets.filter((s) => s.retiresAt === null || Date.parse(s.retiresAt) > now.getTime()).map((s) => s.secret);
}

/** The secrets after a rotation: the new one, and the current one signing beside it for 24 hours. */
export function rotatedSecrets(subscription: Pick<WebhookSubscription, 'secrets'>, secret: string, now: Date): SigningSecret[] {
  const current = subscription.secrets.find((s) => s.retiresAt === null);
  return [
    { secret, retiresAt: null },
    ...(current ? [{ secret: current.secret, retiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS).toISOString() }] : []),
  ];
}

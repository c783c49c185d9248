import type { Customer, Instant, Transition } from './records';

/** The event types a subscription may ask for: the closed list the API accepts. */
export const WEBHOOK_EVENT_TYPES = ['customer.created', 'customer.stage_changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** The Standard Webhooks payload: what a receiver reads as the body, and the bus as the detail. */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: Instant;
  data: Record<string, unknown>;
}

/** An event, with what the publisher needs besides its payload: who it is about and its place in their order. */
export interface WebhookEvent {
  /** Derived from the transition, so every retry and every redelivered stream record carries the same id. */
  id: string;
  mapId: string;
  customerId: string;
  /** The customer's version the transition made: a customer's events are delivered in this order. */
  order: number;
  payload: WebhookPayload;
}

/**
 * The event a transition stands for. A customer's first transition (from no stage) is its creation: it becomes
 * `customer.created`, not a stage change as well, so a receiver hears of a new customer once.
 */
export function webhookEventOf(transition: Transition, customer: Pick<Customer, 'externalId'>): WebhookEvent {
  const base = { id: `evt_${transition.id}`, mapId: transition.mapId, customerId: transition.customerId, order: transition.version };
  if (transition.from === null) {
    return {
      ...base,
      payload: {
        type: 'customer.created',
        timestamp: transition.at,
        data: {
          transitionId: transition.id,
          customerId: transition.customerId,
          externalId: customer.externalId,
          mapId: transition.mapId,
          stage: transition.to,
          at: transition.at,
          version: transition.version,
          mapVersion: transition.mapVersion,
        },
      },
    };
  }
  return {
    ...base,
    payload: {
      type: 'customer.stage_changed',
      timestamp: transition.at,
      data: {
        transitionId: transition.id,
        customerId: transition.customerId,
        externalId: customer.externalId,
        mapId: transition.mapId,
        from: transition.from,
        to: transition.to,
        at: transition.at,
        team: transition.team,
        reason: transition.reason,
        automatic: transition.automatic,
        touchpointId: transition.touchpointId,
        // Why it moved: the rule that made the move (null for an explicit one) and the map version that allowed it.
        ruleId: transition.ruleId,
        mapVersion: transition.mapVersion,
        version: transition.version,
      },
    },
  };
}

/**
 * Whether a subscription asks for an event: its type, its map when it names one, and only what happened since it
 * was made (a transition's time is when it was written), so a stream read again from its start sends no history.
 */
export function subscriptionWants(
  subscription: { eventTypes: readonly string[]; mapId: string | null; createdAt: Instant },
  event: WebhookEvent,
): boolean {
  return (
    subscription.eventTypes.includes(event.payload.type) &&
    (subscription.mapId === null || subscription.mapId === event.mapId) &&
    event.payload.timestamp >= subscription.createdAt
  );
}

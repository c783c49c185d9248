import type { Customer } from '../../domain/records';
import { subscriptionWants, webhookEventOf, type WebhookEvent } from '../../domain/webhookEvents';
import type { WebhookDelivery } from '../../domain/webhooks';
import { transitionFromItem, type Item } from '../../store/items';
import type { LifecycleStore } from '../../store/lifecycleStore';
import { deliveryId } from '../../store/webhookItems';
import type { WebhookServices } from './webhookServices';

export interface PublisherServices extends WebhookServices {
  /** The customers the transitions are about (for their externalId), read consistently. */
  customers: (customerIds: string[]) => Promise<Customer[]>;
}

/** Customers read consistently: a customer's first transition is written in the transaction that creates it. */
export const consistentCustomers =
  (store: Pick<LifecycleStore, 'readForWrite'>) =>
  async (customerIds: string[]): Promise<Customer[]> => [...(await store.readForWrite(customerIds, [])).customers.values()];

/** The events a batch of new stream items stands for: one per new transition, in the order written. */
export async function eventsOf(services: Pick<PublisherServices, 'customers'>, items: Item[]): Promise<WebhookEvent[]> {
  const transitions = items.filter((item) => item['type'] === 'Transition').map(transitionFromItem);
  if (transitions.length === 0) return [];
  const customers = new Map((await services.customers([...new Set(transitions.map((t) => t.customerId))])).map((c) => [c.id, c]));
  return transitions.map((transition) => {
    const customer = customers.get(transition.customerId);
    // Customers are never deleted (an erasure keeps the item): a missing one fails the batch, which is retried.
    if (!customer) throw new Error(`Customer ${transition.customerId} of transition ${transition.id} was not found`);
    return webhookEventOf(transition, customer);
  });
}

/**
 * Publishes events: onto the bus (deployed), and as one PENDING delivery per enabled subscription that wants each,
 * put if absent: a stream batch published again (a retry, a redelivered record) makes no second delivery.
 * Answers how many deliveries it made.
 */
export async function publishEvents(services: PublisherServices, events: WebhookEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  if (services.bus) await services.bus(events);
  const subscriptions = (await services.webhooks.subscriptions()).filter((subscription) => subscription.enabled);
  const now = services.clock().toISOString();
  // Customers side by side; each customer's deliveries made in version order, so a dispatcher running meanwhile
  // never finds a newer one without the older one already pending.
  const byCustomer = new Map<string, WebhookEvent[]>();
  for (const event of events) byCustomer.set(event.customerId, [...(byCustomer.get(event.customerId) ?? []), event]);
  const queue = [...byCustomer.values()];
  let made = 0;
  const worker = async () => {
    for (let own = queue.shift(); own; own = queue.shift()) {
      for (const event of own) {
        for (const subscription of subscriptions.filter((s) => subscriptionWants(s, event))) {
          if (await services.webhooks.createDelivery(newDelivery(subscription.id, event, now))) made++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_CUSTOMERS }, worker));
  return made;
}

/** Customers whose deliveries are made side by side. */
const PARALLEL_CUSTOMERS = 8;

function newDelivery(subscriptionId: string, event: WebhookEvent, now: string): WebhookDelivery {
  return {
    id: deliveryId(subscriptionId, event.payload.timestamp, event.id),
    subscriptionId,
    eventId: event.id,
    eventType: event.payload.type,
    customerId: event.customerId,
    order: event.order,
    body: JSON.stringify(event.payload),
    status: 'PENDING',
    attempts: 0,
    failures: 0,
    lastStatusCode: null,
    lastError: null,
    lastAttemptAt: null,
    nextAttemptAt: now,
    eventAt: event.payload.timestamp,
    createdAt: now,
  };
}

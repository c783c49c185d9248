import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { outcomeOf } from '../../domain/webhookSchedule';
import { signingSecrets, type WebhookDelivery, type WebhookSubscription } from '../../domain/webhooks';
import type { AttemptRecord, Lease } from '../../store/webhookItems';
import type { WebhookServices } from './webhookServices';

/** A claim outlives the longest attempt (15 s) with room to record it; a dead dispatcher's claim runs out after it. */
export const LEASE_MS = 60_000;

/** Deliveries read per index shard and pass; a pass ends when they are done, the next one reads again. */
const DUE_PER_SHARD = 100;

/** Customers' deliveries sent side by side; each customer's in turn. */
const PARALLEL_CUSTOMERS = 8;

export interface DispatchReport {
  attempted: number;
  delivered: number;
  /** Deliveries given up on (the schedule spent, 410, or the subscription disabled): the alarm counts these. */
  ended: number;
}

/** The Standard Webhooks headers of an attempt, signed with every secret that signs now (space separated). */
export function signedHeaders(subscription: Pick<WebhookSubscription, 'secrets'>, delivery: Pick<WebhookDelivery, 'eventId' | 'body'>, now: Date) {
  const signatures = signingSecrets(subscription, now).map((secret) => new Webhook(secret).sign(delivery.eventId, now, delivery.body));
  return {
    'content-type': 'application/json',
    'user-agent': 'lifecycle-map-webhooks',
    'webhook-id': delivery.eventId,
    'webhook-timestamp': Math.floor(now.getTime() / 1000).toString(),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * One pass over the deliveries due now: each is claimed with a lease, sent, and its outcome recorded by the
 * lease's holder. A customer's deliveries for a subscription go in version order: one waits while an older one is
 * pending. A dispatcher that dies leaves at most the deliveries it was sending claimed; their leases run out and
 * the next pass sends them again, with the same webhook-id.
 */
export async function dispatchDue(services: WebhookServices, options: { owner?: string; stopBefore?: () => boolean } = {}): Promise<DispatchReport> {
  const owner = options.owner ?? randomUUID();
  const due = await services.webhooks.due(services.clock().toISOString(), DUE_PER_SHARD);
  const byCustomer = new Map<string, typeof due>();
  for (const entry of due) {
    const group = `${entry.subscriptionId}#${entry.customerId}`;
    byCustomer.set(group, [...(byCustomer.get(group) ?? []), entry]);
  }
  const subscriptions = new Map<string, Promise<WebhookSubscription | null>>();
  const subscriptionOf = (id: string) => {
    if (!subscriptions.has(id)) subscriptions.set(id, services.webhooks.subscription(id));
    return subscriptions.get(id) as Promise<WebhookSubscription | null>;
  };
  const report: DispatchReport = { attempted: 0, delivered: 0, ended: 0 };
  const queue = [...byCustomer.values()].map((entries) => entries.sort((a, b) => a.order - b.order));
  const worker = async () => {
    for (let entries = queue.shift(); entries; entries = queue.shift()) {
      for (const entry of entries) {
        if (options.stopBefore?.()) return;
        const pending = await services.webhooks.pendingVersions(entry.subscriptionId, entry.customerId);
        // An older event of the customer is not delivered yet: this one waits, and so do the newer ones after it.
        if (pending.some((version) => version < entry.order)) break;
        const subscription = await subscriptionOf(entry.subscriptionId);
        const outcome = await attempt(services, owner, entry.key, subscription);
        if (outcome === 'skipped') continue;
        if (outcome === 'unsent') {
          report.ended++;
          continue;
        }
        report.attempted++;
        // 410: the rest of this pass sends nothing more to the receiver that asked for no more.
        if (outcome === 'gone' && subscription) subscriptions.set(subscription.id, Promise.resolve({ ...subscription, enabled: false }));
        if (outcome === 'ended' || outcome === 'gone') report.ended++;
        if (outcome !== 'delivered') break;
        report.delivered++;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_CUSTOMERS }, worker));
  return report;
}

/** What a recorded attempt means for the rest of the pass. */
const AFTER_RECORD = { DELIVERED: 'delivered', PENDING: 'retrying', FAILED: 'ended', DISABLED: 'gone' } as const;

async function attempt(
  services: WebhookServices,
  owner: string,
  key: { pk: string; sk: string },
  subscription: WebhookSubscription | null,
): Promise<'skipped' | 'unsent' | 'delivered' | 'retrying' | 'ended' | 'gone'> {
  const now = services.clock();
  const lease: Lease = { owner, until: new Date(now.getTime() + LEASE_MS).toISOString() };
  const delivery = await services.webhooks.claim(key, now.toISOString(), lease);
  if (!delivery) return 'skipped';
  if (!subscription || !subscription.enabled) {
    await services.webhooks.recordAttempt(delivery, lease, { status: 'DISABLED', unsent: true, at: now.toISOString() });
    return 'unsent';
  }
  const result = await services.send({
    url: subscription.url,
    headers: signedHeaders(subscription, delivery, now),
    body: delivery.body,
    timeoutMs: services.timeoutMs,
  });
  const answeredAt = services.clock();
  const outcome = outcomeOf(result, delivery.failures, answeredAt);
  const base = {
    at: now.toISOString(),
    statusCode: result.kind === 'answered' ? result.status : null,
    error: result.kind === 'unreachable' ? result.error : null,
  };
  const record: AttemptRecord =
    outcome.next === 'retry'
      ? { ...base, status: 'PENDING', nextAttemptAt: outcome.at.toISOString() }
      : { ...base, status: outcome.next === 'delivered' ? 'DELIVERED' : outcome.next === 'failed' ? 'FAILED' : 'DISABLED' };
  await services.webhooks.recordAttempt(delivery, lease, record);
  return AFTER_RECORD[record.status];
}

/**
 * Passes until nothing falls due soon enough to wait for: a 5 s retry is sent by the same invocation rather than a
 * minute later by the schedule. Only deliveries falling due after now are waited for: one due now but not sent (an
 * older event of its customer goes first, or another dispatcher holds it) is left to a later pass or run. Stops
 * claiming when less than `reserveMs` of the time budget is left.
 */
export async function dispatchUntilQuiet(
  services: WebhookServices,
  deadline: number,
  options: { reserveMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<DispatchReport> {
  const reserve = options.reserveMs ?? services.timeoutMs + 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const total: DispatchReport = { attempted: 0, delivered: 0, ended: 0 };
  for (;;) {
    const report = await dispatchDue(services, { stopBefore: () => Date.now() > deadline - reserve });
    total.attempted += report.attempted;
    total.delivered += report.delivered;
    total.ended += report.ended;
    if (report.attempted + report.ended > 0) continue;
    if (Date.now() + QUIET_POLL_MS > deadline - reserve) return total;
    const now = services.clock();
    const soon = new Date(now.getTime() + QUIET_POLL_MS).toISOString();
    if ((await services.webhooks.due(soon, 1, now.toISOString())).length === 0) return total;
    await sleep(QUIET_POLL_MS);
  }
}

/** How far ahead a dispatcher looks for a retry worth waiting for, and how long it then waits. */
const QUIET_POLL_MS = 5_000;

import { badInput } from '../domain/errors';
import type { WebhookEventType } from '../domain/webhookEvents';
import type { DeliveryStatus, SigningSecret, WebhookDelivery, WebhookSubscription } from '../domain/webhooks';
import type { Item } from './items';
import { webhookDeliveryKey, webhookDueKeys, webhookOrderKey, webhookSubscriptionKey, type TableKey } from './keys';
import type { LabelledWrite } from './transact';

// The webhook items and the writes of an attempt, as pure builders: src/store/webhooks.ts sends them.

/** A delivery's id is its key, opaque to clients: subscription, event time and event. */
export function deliveryId(subscriptionId: string, eventAt: string, eventId: string): string {
  return Buffer.from(JSON.stringify([subscriptionId, eventAt, eventId]), 'utf8').toString('base64url');
}

/** The key a delivery id stands for; anything malformed is BAD_USER_INPUT naming the field. */
export function deliveryKeyOf(id: string, field: string): TableKey {
  try {
    const parts: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === 3 && parts.every((part) => typeof part === 'string' && part !== '' && part.length < 256)) {
      const [subscriptionId, eventAt, eventId] = parts as [string, string, string];
      return webhookDeliveryKey(subscriptionId, eventAt, eventId);
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw badInput(field, `${field} is not a webhook delivery id`);
}

export function subscriptionFromItem(item: Item): WebhookSubscription {
  return {
    id: item['id'] as string,
    url: item['url'] as string,
    eventTypes: item['eventTypes'] as WebhookEventType[],
    mapId: (item['mapId'] as string | undefined) ?? null,
    description: (item['description'] as string | undefined) ?? null,
    enabled: item['enabled'] === true,
    createdAt: item['createdAt'] as string,
    secrets: item['secrets'] as SigningSecret[],
  };
}

export function deliveryFromItem(item: Item): WebhookDelivery {
  const orNull = <T>(name: string): T | null => (item[name] as T | undefined) ?? null;
  return {
    id: deliveryId(item['subscriptionId'] as string, item['eventAt'] as string, item['eventId'] as string),
    subscriptionId: item['subscriptionId'] as string,
    eventId: item['eventId'] as string,
    eventType: item['eventType'] as WebhookEventType,
    customerId: item['customerId'] as string,
    order: item['order'] as number,
    body: item['body'] as string,
    status: item['status'] as DeliveryStatus,
    attempts: item['attempts'] as number,
    failures: item['failures'] as number,
    lastStatusCode: orNull('lastStatusCode'),
    lastError: orNull('lastError'),
    lastAttemptAt: orNull('lastAttemptAt'),
    nextAttemptAt: orNull('nextAttemptAt'),
    eventAt: item['eventAt'] as string,
    createdAt: item['createdAt'] as string,
  };
}

export const keyOf = (delivery: Pick<WebhookDelivery, 'subscriptionId' | 'eventAt' | 'eventId'>) =>
  webhookDeliveryKey(delivery.subscriptionId, delivery.eventAt, delivery.eventId);

/** A claim on a delivery: who holds it until when. Only its holder records the attempt. */
export interface Lease {
  owner: string;
  until: string;
}

/** How an attempt ends a delivery, or moves it on; or, not attempted, how a delivery ends unsent. */
export type AttemptRecord =
  | ({
      at: string;
      statusCode: number | null;
      error: string | null;
    } & ({ status: 'PENDING'; nextAttemptAt: string } | { status: 'DELIVERED' | 'FAILED' | 'DISABLED' }))
  /** Its subscription was disabled before the delivery's turn came: it ends without an attempt. */
  | { status: 'DISABLED'; unsent: true; at: string };

/**
 * How long the delivery log keeps an ended delivery (DynamoDB's TTL removes it after): long enough to look into a
 * failure and redeliver, and the body it holds (with the customer's externalId) is not kept for ever.
 */
export const ENDED_DELIVERY_KEPT_DAYS = 30;

const expiresAt = (at: string): number => Math.floor(Date.parse(at) / 1000) + ENDED_DELIVERY_KEPT_DAYS * 86_400;

export function dueValues(delivery: WebhookDelivery, nextAttemptAt: string) {
  const keys = webhookDueKeys({ ...delivery, nextAttemptAt });
  return { ':duePk': keys.gsi7pk, ':dueSk': keys.gsi7sk };
}

export function withoutNulls<T extends object>(value: T): Item {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}

export function deliveryItem(delivery: WebhookDelivery): Item {
  const { id: _id, ...stored } = delivery;
  return {
    ...keyOf(delivery),
    ...(delivery.status === 'PENDING' && delivery.nextAttemptAt ? webhookDueKeys({ ...delivery, nextAttemptAt: delivery.nextAttemptAt }) : {}),
    type: 'WebhookDelivery',
    ...withoutNulls(stored),
  };
}

/** The writes of one recorded attempt: pure, so the conditions are unit-testable without a table. */
export function attemptWrites(tableName: string, delivery: WebhookDelivery, lease: Lease, record: AttemptRecord) {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':status': record.status, ':owner': lease.owner, ':until': lease.until };
  const sets = ['#status = :status'];
  const removes = ['leaseOwner', 'leaseUntil'];
  if (!('unsent' in record)) {
    sets.push('lastAttemptAt = :at', 'attempts = attempts + :one');
    Object.assign(values, { ':at': record.at, ':one': 1 });
    if (record.statusCode === null) removes.push('lastStatusCode');
    else {
      sets.push('lastStatusCode = :code');
      values[':code'] = record.statusCode;
    }
    if (record.error === null) removes.push('lastError');
    else {
      sets.push('lastError = :error');
      values[':error'] = record.error;
    }
  }
  if (record.status === 'PENDING') {
    sets.push('failures = failures + :one', 'nextAttemptAt = :next', 'gsi7pk = :duePk', 'gsi7sk = :dueSk');
    Object.assign(values, { ':next': record.nextAttemptAt, ...dueValues(delivery, record.nextAttemptAt) });
  } else {
    if (record.status !== 'DELIVERED' && !('unsent' in record)) sets.push('failures = failures + :one');
    sets.push('expiresAt = :expires');
    values[':expires'] = expiresAt(record.at);
    removes.push('nextAttemptAt', 'gsi7pk', 'gsi7sk');
  }
  const writes: LabelledWrite[] = [
    {
      label: 'delivery',
      write: {
        Update: {
          TableName: tableName,
          Key: keyOf(delivery),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
          ConditionExpression: 'leaseOwner = :owner AND leaseUntil = :until',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    },
  ];
  if (record.status !== 'PENDING') {
    writes.push({
      label: 'order',
      write: {
        Update: {
          TableName: tableName,
          Key: webhookOrderKey(delivery.subscriptionId, delivery.customerId),
          UpdateExpression: 'DELETE pending :version',
          ExpressionAttributeValues: { ':version': new Set([delivery.order]) },
        },
      },
    });
  }
  if (record.status === 'DISABLED' && !('unsent' in record)) {
    writes.push({
      label: 'subscription',
      write: {
        Update: {
          TableName: tableName,
          Key: webhookSubscriptionKey(delivery.subscriptionId),
          UpdateExpression: 'SET enabled = :off',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':off': false },
        },
      },
    });
  }
  return writes;
}

import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { badInput } from '../domain/errors';
import type { WebhookEventType } from '../domain/webhookEvents';
import type { DeliveryStatus, SigningSecret, WebhookDelivery, WebhookSubscription } from '../domain/webhooks';
import { decodeCursor, encodeCursor } from './cursor';
import type { Item } from './items';
import {
  INDEX,
  WEBHOOK_DELIVERY_PREFIX,
  WEBHOOK_DUE_SHARDS,
  WEBHOOK_SUBSCRIPTIONS_PARTITION,
  webhookDeliveryKey,
  webhookDueKeys,
  webhookDuePartition,
  webhookDueUntil,
  webhookOrderKey,
  webhookPartition,
  webhookSubscriptionKey,
  type TableKey,
} from './keys';
import type { Page } from './lifecycleStore';
import { TransactionRefused, transact } from './transact';

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

const keyOf = (delivery: Pick<WebhookDelivery, 'subscriptionId' | 'eventAt' | 'eventId'>) =>
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
  | { status: 'DISABLED'; unsent: true };

/**
 * Webhook subscriptions and deliveries. A delivery is put if absent (one per subscription and event); while
 * PENDING it carries the due index's keys; a dispatcher claims it with a lease before each attempt, and only the
 * lease's holder records the attempt. Each customer's pending versions per subscription are kept in one small item,
 * so a newer event can see that an older one has not been delivered yet.
 */
export class WebhookStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putSubscription(subscription: WebhookSubscription): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...webhookSubscriptionKey(subscription.id), type: 'WebhookSubscription', ...withoutNulls(subscription) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async subscription(id: string): Promise<WebhookSubscription | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: webhookSubscriptionKey(id), ConsistentRead: true }),
    );
    return item ? subscriptionFromItem(item) : null;
  }

  /** Every subscription, oldest first (one partition: there are few). */
  async subscriptions(): Promise<WebhookSubscription[]> {
    const found: WebhookSubscription[] = [];
    let startKey: Item | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': WEBHOOK_SUBSCRIPTIONS_PARTITION },
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...(result.Items ?? []).map(subscriptionFromItem));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return found.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  /** Sets fields of a subscription that exists; null when it does not. */
  async updateSubscription(id: string, changes: { enabled?: boolean; secrets?: SigningSecret[] }): Promise<WebhookSubscription | null> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    try {
      const { Attributes: item } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookSubscriptionKey(id),
          UpdateExpression: `SET ${entries.map(([name]) => `#${name} = :${name}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return item ? subscriptionFromItem(item) : null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  /**
   * A new PENDING delivery, due at once, and its version among the customer's pending ones: one transaction, put
   * if absent, so a stream record published twice makes one delivery. Answers false when it existed.
   */
  async createDelivery(delivery: WebhookDelivery): Promise<boolean> {
    try {
      await transact(this.client, [
        {
          label: 'delivery',
          write: {
            Put: {
              TableName: this.tableName,
              Item: deliveryItem(delivery),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        },
        {
          label: 'order',
          write: {
            Update: {
              TableName: this.tableName,
              Key: webhookOrderKey(delivery.subscriptionId, delivery.customerId),
              UpdateExpression: 'SET #type = :type ADD pending :version',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: { ':type': 'WebhookOrder', ':version': new Set([delivery.order]) },
            },
          },
        },
      ]);
      return true;
    } catch (error) {
      if (error instanceof TransactionRefused && error.refusal('delivery')?.code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /** The versions of a customer's events not yet delivered (nor given up) for a subscription. */
  async pendingVersions(subscriptionId: string, customerId: string): Promise<number[]> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: webhookOrderKey(subscriptionId, customerId), ConsistentRead: true }),
    );
    return [...((item?.['pending'] as Set<number> | undefined) ?? [])];
  }

  /**
   * The keys of deliveries due by `now` (and after `after`, when given), soonest first, up to `limit` from each
   * shard of the due index.
   */
  async due(now: string, limit: number, after?: string): Promise<{ key: TableKey; customerId: string; subscriptionId: string; order: number }[]> {
    const shards = await Promise.all(
      Array.from({ length: WEBHOOK_DUE_SHARDS }, async (_, shard) => {
        const { Items: items } = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEX.webhookDue,
            KeyConditionExpression: after === undefined ? 'gsi7pk = :pk AND gsi7sk < :until' : 'gsi7pk = :pk AND gsi7sk BETWEEN :after AND :until',
            ExpressionAttributeValues: {
              ':pk': webhookDuePartition(shard),
              ':until': webhookDueUntil(now),
              ...(after === undefined ? {} : { ':after': webhookDueUntil(after) }),
            },
            Limit: limit,
          }),
        );
        return items ?? [];
      }),
    );
    return shards
      .flat()
      .sort((a, b) => ((a['gsi7sk'] as string) < (b['gsi7sk'] as string) ? -1 : 1))
      .map((item) => {
        const [, customerId, order, subscriptionId] = (item['gsi7sk'] as string).split('#') as [string, string, string, string];
        return { key: { pk: item['pk'] as string, sk: item['sk'] as string }, customerId, subscriptionId, order: Number(order) };
      });
  }

  /** Claims a due delivery for one attempt; null when it is not due, not pending, or another dispatcher holds it. */
  async claim(key: TableKey, now: string, lease: Lease): Promise<WebhookDelivery | null> {
    try {
      const { Attributes: item } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
          ConditionExpression: '#status = :pending AND nextAttemptAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':owner': lease.owner, ':until': lease.until, ':pending': 'PENDING', ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return item ? deliveryFromItem(item) : null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  /**
   * Records an attempt, if the lease is still held (a dispatcher whose lease ran out records nothing: another one
   * has the delivery). A delivery that ends leaves the due index and the customer's pending versions; 410 also
   * disables the subscription, in the same transaction. Answers whether it was recorded.
   */
  async recordAttempt(delivery: WebhookDelivery, lease: Lease, record: AttemptRecord): Promise<boolean> {
    try {
      await transact(this.client, attemptWrites(this.tableName, delivery, lease, record));
      return true;
    } catch (error) {
      if (error instanceof TransactionRefused && error.refusal('delivery')) return false;
      throw error;
    }
  }

  async delivery(key: TableKey): Promise<WebhookDelivery | null> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return item && item['type'] === 'WebhookDelivery' ? deliveryFromItem(item) : null;
  }

  /** A subscription's deliveries, newest event first. */
  async deliveries(subscriptionId: string, first: number, after: string | null): Promise<Page<WebhookDelivery>> {
    const position = decodeCursor(after, 1);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': webhookPartition(subscriptionId), ':prefix': WEBHOOK_DELIVERY_PREFIX },
        ScanIndexForward: false,
        Limit: first + 1,
        ExclusiveStartKey: position ? { pk: webhookPartition(subscriptionId), sk: position[0] } : undefined,
      }),
    );
    const items = result.Items ?? [];
    return {
      nodes: items.slice(0, first).map((item) => ({ node: deliveryFromItem(item), cursor: encodeCursor([item['sk'] as string]) })),
      hasNextPage: items.length > first,
    };
  }

  /**
   * Starts an ended delivery again, due now, with a fresh retry schedule; null when it is still pending. A
   * redelivery is a resend asked for by hand: it does not hold back the customer's newer events.
   */
  async redeliver(key: TableKey, now: string): Promise<WebhookDelivery | null> {
    const current = await this.delivery(key);
    if (!current) return null;
    const restarted: WebhookDelivery = { ...current, status: 'PENDING', failures: 0, nextAttemptAt: now };
    try {
      const { Attributes: item } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #status = :pending, failures = :zero, nextAttemptAt = :now, gsi7pk = :duePk, gsi7sk = :dueSk',
          ConditionExpression: '#status <> :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING', ':zero': 0, ':now': now, ...dueValues(restarted, now) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return item ? deliveryFromItem(item) : null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }
}

function dueValues(delivery: WebhookDelivery, nextAttemptAt: string) {
  const keys = webhookDueKeys({ ...delivery, nextAttemptAt });
  return { ':duePk': keys.gsi7pk, ':dueSk': keys.gsi7sk };
}

function withoutNulls<T extends object>(value: T): Item {
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
    removes.push('nextAttemptAt', 'gsi7pk', 'gsi7sk');
  }
  const writes: { label: string; write: NonNullable<Parameters<typeof transact>[1][number]['write']> }[] = [
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

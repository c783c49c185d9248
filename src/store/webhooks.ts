import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { SigningSecret, WebhookDelivery, WebhookSubscription } from '../domain/webhooks';
import { decodeCursor, encodeCursor } from './cursor';
import {
  INDEX,
  WEBHOOK_DELIVERY_PREFIX,
  WEBHOOK_DUE_SHARDS,
  WEBHOOK_SUBSCRIPTIONS_PARTITION,
  webhookDuePartition,
  webhookDueUntil,
  webhookOrderKey,
  webhookPartition,
  webhookSubscriptionKey,
  type TableKey,
} from './keys';
import type { Page } from './lifecycleStore';
import { TransactionRefused, transact } from './transact';
import {
  attemptWrites,
  deliveryFromItem,
  deliveryItem,
  dueValues,
  subscriptionFromItem,
  withoutNulls,
  type AttemptRecord,
  type Lease,
} from './webhookItems';
import { queryAll } from './queryAll';


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
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': WEBHOOK_SUBSCRIPTIONS_PARTITION },
    });
    return items.map(subscriptionFromItem).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
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
          UpdateExpression: 'SET #status = :pending, failures = :zero, nextAttemptAt = :now, gsi7pk = :duePk, gsi7sk = :dueSk REMOVE expiresAt',
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


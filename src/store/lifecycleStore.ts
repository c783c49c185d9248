import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { badInput } from '../domain/errors';
import type { LifecycleMap } from '../domain/map';
import type { Customer, Touchpoint, Transition } from '../domain/records';
import type { Team } from '../domain/vocabulary';
import { decodeCursor, encodeCursor } from './cursor';
import {
  COUNTER_SHARDS,
  INDEX,
  TOUCHPOINT_PREFIX,
  TRANSITION_PREFIX,
  counterShard,
  customerKey,
  customerPartition,
  externalIdKey,
  idempotencyKey,
  mapKey,
  stageCounterKey,
  stagePartition,
  teamTouchpointsPartition,
  touchpointKey,
  type TableKey,
} from './keys';
import {
  customerFromItem,
  customerItem,
  mapFromItem,
  mapItem,
  touchpointFromItem,
  touchpointItem,
  transitionFromItem,
  transitionItem,
  type Item,
} from './items';
import { TransactionRefused, transact, type LabelledWrite } from './transact';

/** What a retried write must answer: the first result, kept with a hash of the request that produced it. */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  /** The first result, serialized by the use case that produced it. */
  result: string;
  createdAt: string;
  /** Epoch seconds; DynamoDB's TTL deletes the record some time after, so reads check it too. */
  expiresAt: number;
}

/** A change to one customer: the customer as read, as it is to be, and the facts written with it. */
export interface CustomerChange {
  before: Customer;
  after: Customer;
  /** Write only if the customer is still at before.version (always so when the stage changes). */
  guardVersion: boolean;
  transition: Transition | null;
  touchpoint: Touchpoint | null;
  idempotency: IdempotencyRecord | null;
  now: Date;
}

export interface Page<T> {
  nodes: { node: T; cursor: string }[];
  hasNextPage: boolean;
}

/** The idempotency key was used before and its record has not expired. */
export class IdempotencyKeyUsed extends Error {
  constructor(readonly record: IdempotencyRecord) {
    super('Idempotency key already used');
    this.name = 'IdempotencyKeyUsed';
  }
}

/** Another customer of the map already has this external id. */
export class ExternalIdTaken extends Error {
  constructor(readonly customerId: string) {
    super('External id already taken');
    this.name = 'ExternalIdTaken';
  }
}

/** What the write relied on changed underneath it (or it raced another writer): read again and retry. */
export class StaleRead extends Error {
  constructor(cause: unknown) {
    super('The customer changed while the write was prepared', { cause });
    this.name = 'StaleRead';
  }
}

const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/**
 * The storage module: owns every DynamoDB key, expression and request of Lifecycle Map. Multi-item writes are
 * transactions whose refusals come back as IdempotencyKeyUsed, ExternalIdTaken or StaleRead.
 */
export class LifecycleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ---- maps -------------------------------------------------------------------------------------------------

  async getMap(mapId: string): Promise<LifecycleMap | null> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: mapKey(mapId) }));
    return item ? mapFromItem(item) : null;
  }

  /** Writes a map record (seeding). Stage counters need no seeding: a missing shard counts zero. */
  async putMap(map: LifecycleMap): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: mapItem(map) }));
  }

  /** Customers standing in each stage: the sum of the stage's counter shards, read in one batch. */
  async stageCounts(mapId: string, stages: string[]): Promise<Map<string, number>> {
    const keys = stages.flatMap((stage) =>
      Array.from({ length: COUNTER_SHARDS }, (_, shard) => stageCounterKey(mapId, stage, shard)),
    );
    const items = await this.batchGet(keys);
    const counts = new Map(stages.map((stage) => [stage, 0]));
    for (const item of items) {
      const stage = item['stage'] as string;
      counts.set(stage, (counts.get(stage) ?? 0) + ((item['count'] as number | undefined) ?? 0));
    }
    return counts;
  }

  // ---- customers --------------------------------------------------------------------------------------------

  async getCustomer(customerId: string, consistent = false): Promise<Customer | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: customerKey(customerId), ConsistentRead: consistent }),
    );
    return item ? customerFromItem(item) : null;
  }

  /** Customers by id in one round of batched reads; missing ones are left out. */
  async getCustomers(customerIds: readonly string[]): Promise<Customer[]> {
    const items = await this.batchGet([...new Set(customerIds)].map(customerKey));
    return items.map(customerFromItem);
  }

  /**
   * A page of the customers standing in the given stages: stage by stage in the order given and, within a stage,
   * oldest entry first, from the stage index. The cursor names the stage it stopped in.
   */
  async customersInStages(mapId: string, stages: string[], first: number, after: string | null): Promise<Page<Customer>> {
    const position = decodeCursor(after, 3);
    let stageIndex = position ? stages.indexOf(position[0] as string) : 0;
    if (stageIndex < 0) throw badInput('after', 'after is not a cursor of this list');
    let startKey: Item | undefined = position
      ? { gsi1pk: stagePartition(mapId, position[0] as string), gsi1sk: position[1], ...customerKey(position[2] as string) }
      : undefined;
    const nodes: Page<Customer>['nodes'] = [];
    // Read one more than asked, across stage boundaries, to know whether a next page exists.
    while (stageIndex < stages.length && nodes.length <= first) {
      const stage = stages[stageIndex] as string;
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.customersByStage,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': stagePartition(mapId, stage) },
          ExclusiveStartKey: startKey,
          Limit: first + 1 - nodes.length,
        }),
      );
      for (const item of result.Items ?? []) {
        nodes.push({
          node: customerFromItem(item),
          cursor: encodeCursor([stage, item['gsi1sk'] as string, item['id'] as string]),
        });
      }
      startKey = result.LastEvaluatedKey;
      if (!startKey) stageIndex++;
    }
    return { nodes: nodes.slice(0, first), hasNextPage: nodes.length > first };
  }

  // ---- journeys and touchpoints -----------------------------------------------------------------------------

  /** Every transition of a customer, oldest first. */
  async journey(customerId: string): Promise<Transition[]> {
    const transitions: Transition[] = [];
    let startKey: Item | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': customerPartition(customerId), ':prefix': TRANSITION_PREFIX },
          ExclusiveStartKey: startKey,
        }),
      );
      transitions.push(...(result.Items ?? []).map(transitionFromItem));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return transitions;
  }

  async getTouchpoint(customerId: string, touchpointId: string): Promise<Touchpoint | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: touchpointKey(customerId, touchpointId) }),
    );
    return item ? touchpointFromItem(item) : null;
  }

  /** A page of a customer's touchpoints in the order they happened; one team's from that team's index. */
  async touchpoints(customerId: string, first: number, after: string | null, team: Team | null): Promise<Page<Touchpoint>> {
    const position = decodeCursor(after, 1);
    const touchpointId = position?.[0];
    const key = (id: string) => touchpointKey(customerId, id);
    const input: Omit<QueryCommandInput, 'TableName'> =
      team === null
        ? {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': customerPartition(customerId), ':prefix': TOUCHPOINT_PREFIX },
            ExclusiveStartKey: touchpointId ? key(touchpointId) : undefined,
          }
        : {
            IndexName: INDEX.touchpointsByTeam,
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': teamTouchpointsPartition(customerId, team) },
            ExclusiveStartKey: touchpointId
              ? { ...key(touchpointId), gsi2pk: teamTouchpointsPartition(customerId, team), gsi2sk: touchpointId }
              : undefined,
          };
    return this.page(input, first, touchpointFromItem, (item) => [item['id'] as string]);
  }

  // ---- idempotency ------------------------------------------------------------------------------------------

  /** The record of an idempotency key, unless there is none or it has expired (TTL deletes lazily). */
  async getIdempotencyRecord(scope: string, key: string, now: Date): Promise<IdempotencyRecord | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKey(scope, key), ConsistentRead: true }),
    );
    return item ? liveRecord(item, now) : null;
  }

  // ---- writes -----------------------------------------------------------------------------------------------

  /** Creates a customer with its first transition, its external id claim and its stage count, all or nothing. */
  async createCustomer(
    customer: Customer,
    transition: Transition,
    idempotency: IdempotencyRecord | null,
    now: Date,
  ): Promise<void> {
    const writes: LabelledWrite[] = [
      this.putNew('customer', customerItem(customer)),
      this.putNew('externalId', {
        ...externalIdKey(customer.mapId, customer.externalId),
        type: 'ExternalId',
        customerId: customer.id,
      }),
      this.putNew('transition', transitionItem(transition)),
      this.countMove(customer.mapId, null, customer.stage, transition.id),
      ...this.idempotencyWrite(idempotency, now),
    ].flat();
    try {
      await transact(this.client, writes);
    } catch (error) {
      throw this.explain(error, now);
    }
  }

  /**
   * Writes a change to one customer with what came with it (a transition, a touchpoint, an idempotency record)
   * in one transaction. The customer is updated only in the fields that changed, and only if what the change was
   * planned on still holds: its version when it moves or when asked, its latest score's instant when that changes.
   */
  async commitChange(change: CustomerChange): Promise<void> {
    const { before, after } = change;
    const moved = before.stage !== after.stage;
    const writes: LabelledWrite[] = [
      ...this.customerUpdate(change),
      ...(change.transition ? [this.putNew('transition', transitionItem(change.transition))] : []),
      ...(moved && change.transition ? this.countMove(after.mapId, before.stage, after.stage, change.transition.id) : []),
      ...(change.touchpoint ? [this.putNew('touchpoint', touchpointItem(change.touchpoint))] : []),
      ...this.idempotencyWrite(change.idempotency, change.now),
    ];
    try {
      await transact(this.client, writes);
    } catch (error) {
      throw this.explain(error, change.now);
    }
  }

  private customerUpdate({ before, after, guardVersion }: CustomerChange): LabelledWrite[] {
    const sets: string[] = [];
    const conditions: string[] = ['attribute_exists(pk)'];
    const values: Record<string, unknown> = {};
    if (before.stage !== after.stage || before.version !== after.version) {
      const indexKeys = customerItem(after);
      sets.push('stage = :stage', 'stageEnteredAt = :enteredAt', 'version = :version');
      sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
      Object.assign(values, {
        ':stage': after.stage,
        ':enteredAt': after.stageEnteredAt,
        ':version': after.version,
        ':gsi1pk': indexKeys['gsi1pk'],
        ':gsi1sk': indexKeys['gsi1sk'],
      });
    }
    if (guardVersion || before.stage !== after.stage) {
      conditions.push('version = :expectedVersion');
      values[':expectedVersion'] = before.version;
    }
    if (after.latestScoreAt !== before.latestScoreAt && after.latestScoreAt !== null) {
      sets.push('latestScore = :score', 'latestScoreAt = :scoreAt');
      conditions.push('(attribute_not_exists(latestScoreAt) OR latestScoreAt < :scoreAt)');
      Object.assign(values, { ':score': after.latestScore, ':scoreAt': after.latestScoreAt });
    }
    if (sets.length === 0 && conditions.length === 1) return [];
    const write = {
      TableName: this.tableName,
      Key: customerKey(before.id),
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    return [
      {
        label: 'customer',
        write:
          sets.length > 0
            ? { Update: { ...write, UpdateExpression: `SET ${sets.join(', ')}` } }
            : { ConditionCheck: write },
      },
    ];
  }

  /** One shard of the old stage's counter down, one of the new stage's up. */
  private countMove(mapId: string, from: string | null, to: string, seed: string): LabelledWrite[] {
    const shard = counterShard(seed);
    const add = (stage: string, by: number): LabelledWrite => ({
      label: `counter:${stage}`,
      write: {
        Update: {
          TableName: this.tableName,
          Key: stageCounterKey(mapId, stage, shard),
          UpdateExpression: 'SET #type = :type, stage = :stage ADD #count :by',
          ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
          ExpressionAttributeValues: { ':type': 'StageCounter', ':stage': stage, ':by': by },
        },
      },
    });
    return from === null ? [add(to, 1)] : [add(from, -1), add(to, 1)];
  }

  private putNew(label: string, item: Item): LabelledWrite {
    return {
      label,
      write: {
        Put: {
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    };
  }

  private idempotencyWrite(record: IdempotencyRecord | null, now: Date): LabelledWrite[] {
    if (record === null) return [];
    return [
      {
        label: 'idempotency',
        write: {
          Put: {
            TableName: this.tableName,
            Item: { ...idempotencyKey(record.scope, record.key), type: 'IdempotencyRecord', ...record },
            // An expired record may linger until TTL removes it: it no longer holds the key.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': epochSeconds(now) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      },
    ];
  }

  /** Turns a refused transaction into what the use case can act on; other errors pass through. */
  private explain(error: unknown, now: Date): unknown {
    if (!(error instanceof TransactionRefused)) return error;
    const idempotency = error.refusal('idempotency')?.item;
    const record = idempotency ? liveRecord(idempotency, now) : null;
    if (record) return new IdempotencyKeyUsed(record);
    const owner = error.refusal('externalId')?.item;
    if (owner) return new ExternalIdTaken(owner['customerId'] as string);
    // Anything else, including a condition DynamoDB Local reports failed while another writer held the item.
    return new StaleRead(error);
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private async page<T>(
    input: Omit<QueryCommandInput, 'TableName'>,
    first: number,
    toNode: (item: Item) => T,
    position: (item: Item) => string[],
  ): Promise<Page<T>> {
    const result = await this.client.send(new QueryCommand({ ...input, TableName: this.tableName, Limit: first + 1 }));
    const items = result.Items ?? [];
    return {
      nodes: items.slice(0, first).map((item) => ({ node: toNode(item), cursor: encodeCursor(position(item)) })),
      hasNextPage: items.length > first,
    };
  }

  private async batchGet(keys: TableKey[]): Promise<Item[]> {
    const items: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.tableName]: { Keys: keys.slice(i, i + 100) as unknown as Record<string, unknown>[] },
      };
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        const result = await this.client.send(new BatchGetCommand({ RequestItems: pending }));
        items.push(...(result.Responses?.[this.tableName] ?? []));
        pending = result.UnprocessedKeys as typeof pending;
      }
    }
    return items;
  }
}

function liveRecord(item: Item, now: Date): IdempotencyRecord | null {
  const expiresAt = item['expiresAt'] as number;
  if (expiresAt <= epochSeconds(now)) return null;
  return {
    scope: item['scope'] as string,
    key: item['key'] as string,
    requestHash: item['requestHash'] as string,
    result: item['result'] as string,
    createdAt: item['createdAt'] as string,
    expiresAt,
  };
}

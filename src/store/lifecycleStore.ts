import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { badInput } from '../domain/errors';
import type { Contribution } from '../domain/insights';
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
  INSIGHT_SHARDS,
  insightDayKey,
  mapKey,
  notThankedSince,
  openComplaintsPartition,
  stageCounterKey,
  stagePartition,
  teamTouchpointsPartition,
  thankedStagesPartition,
  touchpointKey,
  transitionKey,
  winBackPartition,
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
  workListKeys,
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
  map: LifecycleMap;
  before: Customer;
  after: Customer;
  /** Write only if the customer is still at before.version (always so when the stage changes). */
  guardVersion: boolean;
  transition: Transition | null;
  touchpoint: Touchpoint | null;
  /** Added to the customer's lifetime revenue (an ADD: concurrent touchpoints need not see each other). */
  revenueAdded: number;
  /** What the change adds to the insight counters of the days its events happened. */
  insights: Contribution[];
  /** A COMPLAINT of the same customer closed by this change's touchpoint. */
  resolves: { complaintId: string; resolvedAt: string; resolvedById: string } | null;
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

/** A list read from one index partition, optionally bounded above or by a sort-key prefix. */
interface IndexList {
  index: string | null;
  pk: [name: string, value: string];
  sk: [name: string, unused: null];
  below?: string;
  prefix?: string;
  descending?: boolean;
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

  // ---- work lists -------------------------------------------------------------------------------------------

  /** Customers who entered a stage before `enteredBefore`, oldest first: the stage index, bounded by its key. */
  staleCustomers(mapId: string, stage: string, enteredBefore: string, first: number, after: string | null) {
    return this.customerListPage(this.staleList(mapId, stage, enteredBefore), first, after);
  }

  countStaleCustomers(mapId: string, stage: string, enteredBefore: string): Promise<number> {
    return this.countList(this.staleList(mapId, stage, enteredBefore));
  }

  /** LOYAL and ADVOCATE customers not thanked since `cutoff`: never thanked first, then least recently thanked. */
  unthankedCustomers(mapId: string, cutoff: string, first: number, after: string | null) {
    return this.customerListPage(this.unthankedList(mapId, cutoff), first, after);
  }

  countUnthankedCustomers(mapId: string, cutoff: string): Promise<number> {
    return this.countList(this.unthankedList(mapId, cutoff));
  }

  /** Churned customers, highest lifetime revenue first. */
  winBackCandidates(mapId: string, first: number, after: string | null) {
    return this.customerListPage(
      { index: INDEX.winBack, pk: ['gsi5pk', winBackPartition(mapId)], sk: ['lifetimeRevenue', null], descending: true },
      first,
      after,
    );
  }

  /** COMPLAINT touchpoints nobody has resolved yet, oldest first. */
  async openComplaints(mapId: string, first: number, after: string | null): Promise<Page<Touchpoint>> {
    const position = decodeCursor(after, 2);
    const list = this.openComplaintList(mapId);
    return this.page(
      {
        ...this.listQuery(list),
        ExclusiveStartKey: position
          ? { gsi3pk: list.pk[1], gsi3sk: position[0], ...touchpointKey(position[1] as string, position[0] as string) }
          : undefined,
      },
      first,
      touchpointFromItem,
      (item) => [item['id'] as string, item['customerId'] as string],
    );
  }

  countOpenComplaints(mapId: string): Promise<number> {
    return this.countList(this.openComplaintList(mapId));
  }

  private staleList(mapId: string, stage: string, enteredBefore: string): IndexList {
    // gsi1sk is "<enteredAt>#<id>": everything below "<cutoff>#" entered strictly before the cutoff.
    return { index: INDEX.customersByStage, pk: ['gsi1pk', stagePartition(mapId, stage)], sk: ['gsi1sk', null], below: `${enteredBefore}#` };
  }

  private unthankedList(mapId: string, cutoff: string): IndexList {
    return { index: INDEX.thankedStages, pk: ['gsi4pk', thankedStagesPartition(mapId)], sk: ['gsi4sk', null], below: notThankedSince(cutoff) };
  }

  private openComplaintList(mapId: string): IndexList {
    return { index: INDEX.openComplaints, pk: ['gsi3pk', openComplaintsPartition(mapId)], sk: ['gsi3sk', null] };
  }

  private listQuery(list: IndexList): Omit<QueryCommandInput, 'TableName'> {
    const sortCondition =
      list.below !== undefined ? ' AND #sk < :bound' : list.prefix !== undefined ? ' AND begins_with(#sk, :bound)' : '';
    return {
      ...(list.index === null ? {} : { IndexName: list.index }),
      KeyConditionExpression: `#pk = :pk${sortCondition}`,
      ExpressionAttributeNames: { '#pk': list.pk[0], ...(sortCondition ? { '#sk': list.sk[0] } : {}) },
      ExpressionAttributeValues: { ':pk': list.pk[1], ...(sortCondition ? { ':bound': list.below ?? list.prefix } : {}) },
      ScanIndexForward: !list.descending,
    };
  }

  /** A page of customers from a work-list index; the cursor is the index sort key and the customer id. */
  private customerListPage(list: IndexList, first: number, after: string | null): Promise<Page<Customer>> {
    const position = decodeCursor(after, 2);
    const [skName] = list.sk;
    let startKey: Item | undefined;
    if (position) {
      const sortValue = skName === 'lifetimeRevenue' ? Number(position[0]) : position[0];
      if (typeof sortValue === 'number' && !Number.isFinite(sortValue)) throw badInput('after', 'after is not a cursor of this list');
      startKey = { [list.pk[0]]: list.pk[1], [skName]: sortValue, ...customerKey(position[1] as string) };
    }
    return this.page({ ...this.listQuery(list), ExclusiveStartKey: startKey }, first, customerFromItem, (item) => [
      String(item[skName]),
      item['id'] as string,
    ]);
  }

  /** How many items a list holds: counted by the index, only when a client asks for totalCount. */
  private async countList(list: IndexList): Promise<number> {
    let count = 0;
    let startKey: Item | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({ ...this.listQuery(list), TableName: this.tableName, Select: 'COUNT', ExclusiveStartKey: startKey }),
      );
      count += result.Count ?? 0;
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  /** The latest transition of a customer: the one that produced its current version. */
  async lastTransition(customer: Customer): Promise<Transition | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: transitionKey(customer.id, customer.version) }),
    );
    return item ? transitionFromItem(item) : null;
  }

  /** How many touchpoints a customer has (of one team): counted only when asked. */
  async countTouchpoints(customerId: string, team: Team | null): Promise<number> {
    const list: IndexList =
      team === null
        ? { index: null, pk: ['pk', customerPartition(customerId)], sk: ['sk', null], prefix: TOUCHPOINT_PREFIX }
        : { index: INDEX.touchpointsByTeam, pk: ['gsi2pk', teamTouchpointsPartition(customerId, team)], sk: ['gsi2sk', null] };
    return this.countList(list);
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
    map: LifecycleMap,
    customer: Customer,
    transition: Transition,
    insights: Contribution[],
    idempotency: IdempotencyRecord | null,
    now: Date,
  ): Promise<void> {
    const writes: LabelledWrite[] = [
      this.putNew('customer', customerItem(map, customer)),
      this.putNew('externalId', {
        ...externalIdKey(customer.mapId, customer.externalId),
        type: 'ExternalId',
        customerId: customer.id,
      }),
      this.putNew('transition', transitionItem(transition)),
      this.countMove(customer.mapId, null, customer.stage, transition.id),
      ...this.insightWrites(customer.mapId, insights, transition.id),
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
      ...(change.resolves ? [this.resolveComplaint(before.id, change.resolves)] : []),
      ...this.insightWrites(after.mapId, change.insights, change.touchpoint?.id ?? change.transition?.id ?? before.id),
      ...this.idempotencyWrite(change.idempotency, change.now),
    ];
    try {
      await transact(this.client, writes);
    } catch (error) {
      throw this.explain(error, change.now);
    }
  }

  private customerUpdate({ map, before, after, guardVersion, revenueAdded }: CustomerChange): LabelledWrite[] {
    const sets: string[] = [];
    const removes: string[] = [];
    const conditions: string[] = ['attribute_exists(pk)'];
    const values: Record<string, unknown> = {};
    const set = (attribute: string, value: unknown) => {
      if (value === null || value === undefined) {
        removes.push(attribute);
      } else {
        sets.push(`${attribute} = :${attribute}`);
        values[`:${attribute}`] = value;
      }
    };
    const moved = before.stage !== after.stage || before.version !== after.version;
    const thanked = after.lastThankedAt !== before.lastThankedAt;
    if (moved) {
      const item = customerItem(map, after);
      for (const attribute of ['stage', 'stageEnteredAt', 'version', 'gsi1pk', 'gsi1sk', 'customerSince', 'churnReason']) {
        set(attribute, item[attribute]);
      }
    }
    if (after.latestScoreAt !== before.latestScoreAt && after.latestScoreAt !== null) {
      set('latestScore', after.latestScore);
      set('latestScoreAt', after.latestScoreAt);
      conditions.push('(attribute_not_exists(latestScoreAt) OR latestScoreAt < :latestScoreAt)');
    }
    if (thanked && after.lastThankedAt !== null) {
      set('lastThankedAt', after.lastThankedAt);
      conditions.push('(attribute_not_exists(lastThankedAt) OR lastThankedAt < :lastThankedAt)');
    }
    if (moved || thanked) {
      // Work-list keys depend on the stage: written only against the version they were computed from.
      for (const [attribute, value] of Object.entries(workListKeys(map, after))) set(attribute, value);
    }
    if (guardVersion || moved || thanked) {
      conditions.push('version = :expectedVersion');
      values[':expectedVersion'] = before.version;
    }
    const adds = revenueAdded > 0 ? ['lifetimeRevenue :revenueAdded'] : [];
    if (adds.length > 0) values[':revenueAdded'] = revenueAdded;
    const update = [
      sets.length > 0 ? `SET ${sets.join(', ')}` : '',
      removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
      adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
    ]
      .filter((clause) => clause !== '')
      .join(' ');
    if (update === '' && conditions.length === 1) return [];
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
        write: update !== '' ? { Update: { ...write, UpdateExpression: update } } : { ConditionCheck: write },
      },
    ];
  }

  /** Adds a change's counters to its days' items: one shard per change, one update per day. */
  private insightWrites(mapId: string, contributions: Contribution[], seed: string): LabelledWrite[] {
    const shard = counterShard(seed) % INSIGHT_SHARDS;
    return contributions.map((contribution) => {
      const names: Record<string, string> = { '#type': 'type', '#day': 'day' };
      const values: Record<string, unknown> = { ':type': 'InsightDay', ':day': contribution.day };
      const adds = Object.entries(contribution.add).map(([name, amount], i) => {
        names[`#a${i}`] = name;
        values[`:a${i}`] = amount;
        return `#a${i} :a${i}`;
      });
      const firsts = Object.entries(contribution.keepFirst).map(([name, text], i) => {
        names[`#f${i}`] = name;
        values[`:f${i}`] = text;
        return `#f${i} = if_not_exists(#f${i}, :f${i})`;
      });
      return {
        label: `insights:${contribution.day}`,
        write: {
          Update: {
            TableName: this.tableName,
            Key: insightDayKey(mapId, contribution.day, shard),
            UpdateExpression: [`SET #type = :type, #day = :day`, ...firsts].join(', ') + (adds.length ? ` ADD ${adds.join(', ')}` : ''),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
      };
    });
  }

  /** The insight counters of each day, in the order given: every shard of every day in batches of 100 keys. */
  async insightDays(mapId: string, days: string[]): Promise<Record<string, unknown>[]> {
    const keys = days.flatMap((day) => Array.from({ length: INSIGHT_SHARDS }, (_, shard) => insightDayKey(mapId, day, shard)));
    const items = await this.batchGet(keys);
    const order = new Map(days.map((day, i) => [day, i]));
    return items
      .sort((a, b) => (order.get(a['day'] as string) ?? 0) - (order.get(b['day'] as string) ?? 0))
      .map(({ pk: _pk, sk: _sk, type: _type, day: _day, ...counters }) => counters);
  }

  /** Closes a complaint: it leaves the open-complaints index, unless another touchpoint closed it first. */
  private resolveComplaint(customerId: string, resolves: NonNullable<CustomerChange['resolves']>): LabelledWrite {
    return {
      label: 'complaint',
      write: {
        Update: {
          TableName: this.tableName,
          Key: touchpointKey(customerId, resolves.complaintId),
          UpdateExpression: 'SET resolvedAt = :resolvedAt, resolvedById = :resolvedById REMOVE gsi3pk, gsi3sk',
          ConditionExpression: 'attribute_exists(pk) AND kind = :complaint AND attribute_not_exists(resolvedAt)',
          ExpressionAttributeValues: {
            ':resolvedAt': resolves.resolvedAt,
            ':resolvedById': resolves.resolvedById,
            ':complaint': 'COMPLAINT',
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    };
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

  /** Reads keys 100 at a time (BatchGetItem's limit), the batches side by side, retrying unprocessed keys. */
  private async batchGet(keys: TableKey[]): Promise<Item[]> {
    const batches: TableKey[][] = [];
    for (let i = 0; i < keys.length; i += 100) batches.push(keys.slice(i, i + 100));
    const results = await Promise.all(batches.map((batch) => this.batchGetOne(batch)));
    return results.flat();
  }

  private async batchGetOne(keys: TableKey[]): Promise<Item[]> {
    const items: Item[] = [];
    let pending: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [this.tableName]: { Keys: keys as unknown as Record<string, unknown>[] },
    };
    for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
      const result = await this.client.send(new BatchGetCommand({ RequestItems: pending }));
      items.push(...(result.Responses?.[this.tableName] ?? []));
      pending = result.UnprocessedKeys as typeof pending;
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

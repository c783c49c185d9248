import {
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { badInput } from '../domain/errors';
import type { LifecycleMap } from '../domain/map';
import type { Customer, LatestScore, Touchpoint, Transition } from '../domain/records';
import type { Team } from '../domain/vocabulary';
import { commitChanges, type ChangeOutcome } from './commit';
import { MapStore } from './maps';
import { batchGet } from './batchGet';
import { decodeCursor, encodeCursor } from './cursor';
import {
  COUNTER_SHARDS,
  INDEX,
  INSIGHT_SHARDS,
  SCORE_PREFIX,
  TOUCHPOINT_PREFIX,
  TRANSITION_PREFIX,
  customerKey,
  customerPartition,
  externalIdKey,
  idempotencyKey,
  insightKey,
  mapKey,
  stageCounterKey,
  stagePartition,
  teamTouchpointsPartition,
  touchpointKey,
  transitionKey,
  winBackPartition,
  type TableKey,
} from './keys';
import {
  customerFromItem,
  latestScoreFromItem,
  mapFromItem,
  touchpointFromItem,
  transitionFromItem,
  type Item,
} from './items';
import { listQuery, openComplaintList, staleList, unthankedList, type IndexList } from './lists';
import { liveRecord, type IdempotencyRecord } from './refusals';
import type { CustomerChange } from './writes';
import { queryAll } from './queryAll';

export type { CustomerChange } from './writes';
export type { ChangeOutcome } from './commit';
export { type IdempotencyRecord } from './refusals';

export interface Page<T> {
  nodes: { node: T; cursor: string }[];
  hasNextPage: boolean;
}


/**
 * The storage module: owns every DynamoDB key, expression and request of Lifecycle Map. Multi-item writes are
 * transactions (src/store/commit.ts) whose refusals come back as outcomes: a replay, a taken external id, stale.
 */
export class LifecycleStore {
  /** Maps, their versions and their guards (src/store/maps.ts). */
  readonly maps: MapStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.maps = new MapStore(client, tableName);
  }

  // ---- maps -------------------------------------------------------------------------------------------------

  /** The current map; consistently when a write is checked against it. */
  getMap(mapId: string, consistent = false): Promise<LifecycleMap | null> {
    return this.maps.get(mapId, consistent);
  }

  /** Writes a map record with its version (seeding). Stage counters need no seeding: a missing shard counts zero. */
  putMap(map: LifecycleMap): Promise<void> {
    return this.maps.put(map);
  }

  /** Customers standing in each stage: the sum of the stage's counter shards, read in one batch. */
  async stageCounts(mapId: string, stages: string[], consistent = false): Promise<Map<string, number>> {
    const keys = stages.flatMap((stage) =>
      Array.from({ length: COUNTER_SHARDS }, (_, shard) => stageCounterKey(mapId, stage, shard)),
    );
    const items = await this.batchGet(keys, consistent);
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
    return this.customerListPage(staleList(mapId, stage, enteredBefore), first, after);
  }

  countStaleCustomers(mapId: string, stage: string, enteredBefore: string): Promise<number> {
    return this.countList(staleList(mapId, stage, enteredBefore));
  }

  /** LOYAL and ADVOCATE customers not thanked since `cutoff`: never thanked first, then least recently thanked. */
  unthankedCustomers(mapId: string, cutoff: string, first: number, after: string | null) {
    return this.customerListPage(unthankedList(mapId, cutoff), first, after);
  }

  countUnthankedCustomers(mapId: string, cutoff: string): Promise<number> {
    return this.countList(unthankedList(mapId, cutoff));
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
    const list = openComplaintList(mapId);
    return this.page(
      {
        ...listQuery(list),
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
    return this.countList(openComplaintList(mapId));
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
    return this.page({ ...listQuery(list), ExclusiveStartKey: startKey }, first, customerFromItem, (item) => [
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
        new QueryCommand({ ...listQuery(list), TableName: this.tableName, Select: 'COUNT', ExclusiveStartKey: startKey }),
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
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': customerPartition(customerId), ':prefix': TRANSITION_PREFIX },
    });
    return items.map(transitionFromItem);
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
  async getIdempotencyRecord(operation: string, sub: string, key: string, now: Date): Promise<IdempotencyRecord | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKey(operation, sub, key), ConsistentRead: true }),
    );
    return item ? liveRecord(item, now) : null;
  }

  // ---- what a write reads first -------------------------------------------------------------------------------

  /**
   * Customers and maps in one consistent BatchGetItem: a write reads the customer it changes and, side by side,
   * the map it expects the customer to be on (usually the default map), so one request serves both.
   */
  async readForWrite(
    customerIds: readonly string[],
    mapIds: readonly string[],
  ): Promise<{ customers: Map<string, Customer>; maps: Map<string, LifecycleMap> }> {
    const items = await this.batchGet([...new Set(customerIds)].map(customerKey).concat([...new Set(mapIds)].map(mapKey)), true);
    const customers = new Map<string, Customer>();
    const maps = new Map<string, LifecycleMap>();
    for (const item of items) {
      if (item['type'] === 'Customer') customers.set(item['id'] as string, customerFromItem(item));
      else if (item['type'] === 'Map') maps.set(mapFromItem(item).id, mapFromItem(item));
    }
    return { customers, maps };
  }

  /** The customers that hold these external ids in a map (absent ones are left out), read consistently. */
  async customerIdsByExternalId(mapId: string, externalIds: readonly string[]): Promise<Map<string, string>> {
    const byPartition = new Map([...new Set(externalIds)].map((externalId) => [externalIdKey(mapId, externalId).pk, externalId]));
    const owners = new Map<string, string>();
    for (const item of await this.batchGet([...byPartition.keys()].map((pk) => ({ pk, sk: 'EXTERNAL' })), true)) {
      owners.set(byPartition.get(item['pk'] as string) as string, item['customerId'] as string);
    }
    return owners;
  }

  /** A customer's latest score: the last of its score items, which sort by when the touchpoint happened. */
  async latestScore(customerId: string): Promise<LatestScore | null> {
    const { Items: items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': customerPartition(customerId), ':prefix': SCORE_PREFIX },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = items?.[0];
    return item ? latestScoreFromItem(item) : null;
  }

  // ---- writes -----------------------------------------------------------------------------------------------

  /** Writes changes of customers in as few transactions as the limits allow; each outcome says how it fared. */
  commit(changes: CustomerChange[], now: Date): Promise<ChangeOutcome[]> {
    return commitChanges(this.client, this.tableName, changes, now);
  }

  /** The insight counters of each period (day or month): every shard of every period, in batches of 100 keys. */
  async insightCounters(mapId: string, periods: string[]): Promise<Map<string, Record<string, unknown>[]>> {
    const keys = periods.flatMap((period) => Array.from({ length: INSIGHT_SHARDS }, (_, shard) => insightKey(mapId, period, shard)));
    const counters = new Map<string, Record<string, unknown>[]>();
    for (const { pk: _pk, sk: _sk, type: _type, period, day, ...named } of await this.batchGet(keys)) {
      // Items written before months existed name their day "day".
      const key = (period ?? day) as string;
      counters.set(key, [...(counters.get(key) ?? []), named]);
    }
    return counters;
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

  private batchGet(keys: TableKey[], consistent = false): Promise<Item[]> {
    return batchGet(this.client, this.tableName, keys, consistent);
  }
}

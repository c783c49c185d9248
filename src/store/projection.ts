import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Contribution } from '../domain/insights';
import type { Touchpoint, Transition } from '../domain/records';
import {
  INDEX,
  INSIGHT_SHARDS,
  UNPROJECTED_SHARDS,
  counterShard,
  customerKey,
  customerPartition,
  insightKey,
  projectionKey,
  unprojectedPartition,
  type TableKey,
} from './keys';
import { touchpointFromItem, transitionFromItem, type Item } from './items';
import { TransactionRefused, transact, type LabelledWrite } from './transact';
import { queryAll } from './queryAll';

/** A fact waiting for the projector: a touchpoint or a transition, by its item's key. */
export interface FactRef {
  id: string;
  customerId: string;
  mapId: string;
  key: TableKey;
}

/** A fact whose counting was split over several transactions and stopped part way (too many items for one). */
export interface PartialProjection {
  fact: FactRef;
  chunksDone: number;
}

export interface ProjectionState {
  version: number;
  partial: PartialProjection | null;
}

/**
 * One transaction of counting: facts of one customer and what they add to the insight counters, and where it
 * leaves the customer's projection. Several facts go together when they fit; a fact whose counters do not fit one
 * transaction goes alone, in chunks.
 */
export interface ProjectionStep {
  customerId: string;
  mapId: string;
  facts: FactRef[];
  state: ProjectionState;
  insights: Contribution[];
  chunk: number;
  chunks: number;
  /** Added to the customer's lifetime revenue with the last chunk. */
  revenueAdded: number;
}

/** A customer's stored facts, each with whether the projector has counted it. */
export interface CustomerFacts {
  touchpoints: { touchpoint: Touchpoint; counted: boolean }[];
  transitions: { transition: Transition; counted: boolean }[];
}

export type StepOutcome = 'committed' | 'stale';

/** Items one projection transaction may hold besides the lock and the customer's revenue. */
export const ITEMS_PER_STEP = 96;


/**
 * What the stream projector reads and writes: a customer's facts and which are counted, the lock that counts them
 * in turn, and the transactions that add facts to the insight counters exactly once.
 */
export class ProjectionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async state(customerId: string): Promise<ProjectionState> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: projectionKey(customerId), ConsistentRead: true }),
    );
    return projectionStateFromItem(item);
  }

  /** The stored item of a fact, read consistently (to resume one whose counting stopped part way). */
  async fact(ref: FactRef): Promise<Item | null> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: ref.key, ConsistentRead: true }));
    return item ?? null;
  }

  /**
   * Every touchpoint and transition of a customer, in order, each marked counted or not: one query of its
   * partition (consistent), so a group of its facts is counted in memory against all the others.
   */
  async customerFacts(customerId: string): Promise<CustomerFacts> {
    const facts: CustomerFacts = { touchpoints: [], transitions: [] };
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerPartition(customerId) },
      ConsistentRead: true,
    });
    for (const item of items) {
      const counted = item['gsi6pk'] === undefined;
      if (item['type'] === 'Touchpoint') facts.touchpoints.push({ touchpoint: touchpointFromItem(item), counted });
      else if (item['type'] === 'Transition') facts.transitions.push({ transition: transitionFromItem(item), counted });
    }
    return facts;
  }

  /** Writes one step; a refusal means another projector got there first: read again (facts counted are skipped). */
  async commit(step: ProjectionStep): Promise<StepOutcome> {
    try {
      await transact(this.client, projectionWrites(this.tableName, step));
      return 'committed';
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      return 'stale';
    }
  }

  /** Customers of a map with facts the projector has not counted, oldest first (up to `limit` a shard). */
  async customersWaiting(mapId: string, limit: number): Promise<string[]> {
    const waiting = (await this.oldestWaiting(mapId, limit)).flat();
    return [...new Set(waiting.map((item) => (item['pk'] as string).slice('CUSTOMER#'.length)))];
  }

  /** When the oldest fact of a map that the projector has not counted yet was recorded; null when none waits. */
  async oldestUnprojected(mapId: string): Promise<string | null> {
    const oldest = (await this.oldestWaiting(mapId, 1)).flat().map((item) => {
      const sk = item['gsi6sk'] as string;
      return sk.slice(0, sk.indexOf('#'));
    });
    return oldest.sort()[0] ?? null;
  }

  /** The oldest facts still marked unprojected, shard by shard of the map's part of the index. */
  private oldestWaiting(mapId: string, limit: number): Promise<Item[][]> {
    return Promise.all(
      Array.from({ length: UNPROJECTED_SHARDS }, async (_, shard) => {
        const { Items: items } = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEX.unprojectedFacts,
            KeyConditionExpression: 'gsi6pk = :pk',
            ExpressionAttributeValues: { ':pk': unprojectedPartition(mapId, shard) },
            Limit: limit,
          }),
        );
        return items ?? [];
      }),
    );
  }
}

export function projectionStateFromItem(item: Item | undefined): ProjectionState {
  const partialFact = item?.['partialFact'] as FactRef | undefined;
  return {
    version: (item?.['version'] as number | undefined) ?? 0,
    partial: partialFact ? { fact: partialFact, chunksDone: item?.['chunksDone'] as number } : null,
  };
}

/**
 * The writes of one step of counting. Every step holds the customer's projection lock at the version it read (so
 * each fact is counted against all the facts counted before it) and requires each fact still marked unprojected (so
 * a stream record delivered twice counts once). A fact whose counters do not fit one transaction is counted over
 * several: each step records how many chunks are done, and the last one unmarks the fact and releases the lock.
 */
export function projectionWrites(tableName: string, step: ProjectionStep): LabelledWrite[] {
  const { facts, state, chunk, chunks } = step;
  const last = chunk === chunks - 1;
  const values: Record<string, unknown> = { ':version': state.version, ':type': 'Projection' };
  const conditions = [state.version === 0 ? '(attribute_not_exists(version) OR version = :version)' : 'version = :version'];
  if (chunk === 0) {
    conditions.push('attribute_not_exists(partialFact)');
  } else {
    conditions.push('partialFact.id = :factId AND chunksDone = :chunk');
    values[':factId'] = facts[0]?.id;
    values[':chunk'] = chunk;
  }
  let update: string;
  if (last) {
    update = 'SET #type = :type, version = :next REMOVE partialFact, chunksDone';
    values[':next'] = state.version + 1;
  } else {
    update = 'SET #type = :type, partialFact = :fact, chunksDone = :done';
    values[':fact'] = facts[0];
    values[':done'] = chunk + 1;
  }
  const seed = facts[0]?.id ?? step.customerId;
  return [
    ...insightWrites(tableName, step.mapId, step.insights, seed),
    {
      label: 'projection',
      write: {
        Update: {
          TableName: tableName,
          Key: projectionKey(step.customerId),
          UpdateExpression: update,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: values,
        },
      },
    },
    ...facts.map((fact): LabelledWrite => {
      const marked = { TableName: tableName, Key: fact.key, ConditionExpression: 'attribute_exists(gsi6pk)' };
      return {
        label: `fact:${fact.id}`,
        write: last ? { Update: { ...marked, UpdateExpression: 'REMOVE gsi6pk, gsi6sk' } } : { ConditionCheck: marked },
      };
    }),
    ...(last && step.revenueAdded > 0
      ? [
          {
            label: 'revenue',
            write: {
              Update: {
                TableName: tableName,
                Key: customerKey(step.customerId),
                UpdateExpression: 'ADD lifetimeRevenue :revenue',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':revenue': step.revenueAdded },
              },
            },
          },
        ]
      : []),
  ];
}

/** Adds a fact's counters to its periods' items (days, months): one shard per fact, one update per item. */
export function insightWrites(tableName: string, mapId: string, contributions: Contribution[], seed: string): LabelledWrite[] {
  const shard = counterShard(seed) % INSIGHT_SHARDS;
  return contributions.map((contribution) => {
    const names: Record<string, string> = { '#type': 'type', '#period': 'period' };
    const values: Record<string, unknown> = { ':type': 'InsightCounters', ':period': contribution.period };
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
      label: `insights:${contribution.period}`,
      write: {
        Update: {
          TableName: tableName,
          Key: insightKey(mapId, contribution.period, shard),
          UpdateExpression: [`SET #type = :type, #period = :period`, ...firsts].join(', ') + (adds.length ? ` ADD ${adds.join(', ')}` : ''),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    };
  });
}

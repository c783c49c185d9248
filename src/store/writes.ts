import type { Contribution } from '../domain/insights';
import type { LifecycleMap } from '../domain/map';
import type { Customer, Touchpoint, Transition } from '../domain/records';
import { customerItem, workListKeys, type Item } from './items';
import { INSIGHT_SHARDS, counterShard, customerKey, idempotencyKey, insightKey, stageCounterKey, touchpointKey } from './keys';
import { epochSeconds, type IdempotencyRecord } from './refusals';
import type { LabelledWrite } from './transact';

/**
 * The writes of Lifecycle Map's transactions, as values built by pure functions: each names what it stands for
 * (its label) and carries the condition that keeps it exact. LifecycleStore only sends them.
 */

/** A change to one customer: the customer as read, as it is to be, and the facts written with it. */
export interface CustomerChange {
  map: LifecycleMap;
  before: Customer;
  after: Customer;
  /** Write only if the customer is still at before.version (always so when the stage changes). */
  guardVersion: boolean;
  /** Write only if the customer is still at before.factsVersion, and raise it: see relatesToOthers. */
  guardFacts: boolean;
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

/**
 * The customer's part of a change: only the fields that changed, and only if what the change was planned on
 * still holds: its version when it moves, thanks or asks for it, its latest score's and thanks' instants when those move.
 */
export function customerUpdate(
  tableName: string,
  { map, before, after, guardVersion, guardFacts, revenueAdded }: CustomerChange,
): LabelledWrite[] {
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
  if (guardFacts) {
    // Absent on customers stored before it existed: that stands for 0.
    sets.push('factsVersion = :nextFactsVersion');
    values[':nextFactsVersion'] = before.factsVersion + 1;
    values[':factsVersion'] = before.factsVersion;
    conditions.push(
      before.factsVersion === 0 ? '(attribute_not_exists(factsVersion) OR factsVersion = :factsVersion)' : 'factsVersion = :factsVersion',
    );
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
    TableName: tableName,
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

/** Adds a change's counters to its periods' items (days, months): one shard per change, one update per item. */
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

/** Closes a complaint: it leaves the open-complaints index, unless another touchpoint closed it first. */
export function resolveComplaint(tableName: string, customerId: string, resolves: NonNullable<CustomerChange['resolves']>): LabelledWrite {
  return {
    label: 'complaint',
    write: {
      Update: {
        TableName: tableName,
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
export function countMove(tableName: string, mapId: string, from: string | null, to: string, seed: string): LabelledWrite[] {
  const shard = counterShard(seed);
  const add = (stage: string, by: number): LabelledWrite => ({
    label: `counter:${stage}`,
    write: {
      Update: {
        TableName: tableName,
        Key: stageCounterKey(mapId, stage, shard),
        UpdateExpression: 'SET #type = :type, stage = :stage ADD #count :by',
        ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
        ExpressionAttributeValues: { ':type': 'StageCounter', ':stage': stage, ':by': by },
      },
    },
  });
  return from === null ? [add(to, 1)] : [add(from, -1), add(to, 1)];
}

export function putNew(tableName: string, label: string, item: Item): LabelledWrite {
  return {
    label,
    write: {
      Put: {
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  };
}

export function idempotencyWrite(tableName: string, record: IdempotencyRecord | null, now: Date): LabelledWrite[] {
  if (record === null) return [];
  return [
    {
      label: 'idempotency',
      write: {
        Put: {
          TableName: tableName,
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

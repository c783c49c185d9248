import type { LifecycleMap } from '../domain/map';
import type { Customer, Touchpoint, Transition } from '../domain/records';
import type { Resolution } from '../domain/touchpointPlan';
import { customerItem, scoreItem, touchpointItem, transitionItem, workListKeys, type Item } from './items';
import {
  MAP_GUARD_SHARDS,
  counterShard,
  customerKey,
  externalIdKey,
  idempotencyKey,
  mapGuardKey,
  stageCounterKey,
  touchpointKey,
  type TableKey,
} from './keys';
import { epochSeconds, type IdempotencyRecord } from './refusals';
import type { LabelledWrite } from './transact';

/**
 * The writes of Lifecycle Map's transactions, as values built by pure functions: each names what it stands for
 * (its label) and carries the condition that keeps it exact. The commit module only packs and sends them.
 */

/** A change to one customer: the customer as read (null when new), as it is to be, and the facts written with it. */
export interface CustomerChange {
  map: LifecycleMap;
  before: Customer | null;
  after: Customer;
  transitions: Transition[];
  touchpoints: Touchpoint[];
  resolutions: Resolution[];
  /** One record per idempotency key the change answers. */
  idempotency: IdempotencyRecord[];
}

/** An addition to a stage's counter shard; several changes in one transaction may add to the same shard. */
export interface CounterAddition {
  key: TableKey;
  stage: string;
  by: number;
}

/** The map version a change was planned on, checked on one of the map's guard items. */
export interface MapGuard {
  key: TableKey;
  mapId: string;
  version: number;
}

/** What a change writes: items only it touches, counter additions and its map guard, merged across a transaction. */
export interface ChangeWrites {
  writes: LabelledWrite[];
  counters: CounterAddition[];
  guard: MapGuard;
}

export function changeWrites(tableName: string, change: CustomerChange, now: Date): ChangeWrites {
  return {
    writes: [
      ...customerWrites(tableName, change),
      ...change.transitions.map((transition) => putNew(tableName, `transition:${transition.id}`, transitionItem(transition))),
      ...change.touchpoints.flatMap((touchpoint) => [
        putNew(tableName, `touchpoint:${touchpoint.id}`, touchpointItem(touchpoint)),
        ...(touchpoint.score === null ? [] : [putNew(tableName, `score:${touchpoint.id}`, scoreItem({ ...touchpoint, score: touchpoint.score }))]),
      ]),
      ...change.resolutions.map((resolution) => resolveComplaint(tableName, change.after.id, resolution)),
      ...change.idempotency.map((record) => idempotencyWrite(tableName, record, now)),
    ],
    counters: stageCounts(change),
    guard: mapGuard(change),
  };
}

/** Spread over the guard items by the change's first new id, so even one customer's writes side by side spread. */
function mapGuard(change: CustomerChange): MapGuard {
  const seed = change.transitions[0]?.id ?? change.touchpoints[0]?.id ?? change.after.id;
  const mapId = change.map.id;
  return { key: mapGuardKey(mapId, counterShard(seed) % MAP_GUARD_SHARDS), mapId, version: change.map.version };
}

/**
 * The map guards of a whole transaction: one check per map, on the guard item of its first change, so a batch
 * pays one item per map while single writes side by side spread over the guard items. A map never updated through
 * the API has no guard items yet: its version 1 is checked by their absence.
 */
export function guardWrites(tableName: string, guards: MapGuard[]): LabelledWrite[] {
  const merged = new Map<string, MapGuard>();
  for (const guard of guards) {
    const seen = merged.get(guard.mapId);
    // One round plans every change of a map on one read of it: two versions in one transaction are a fault of ours.
    if (seen && seen.version !== guard.version) throw new Error(`Map ${guard.mapId} planned on versions ${seen.version} and ${guard.version}`);
    if (!seen) merged.set(guard.mapId, guard);
  }
  return [...merged.values()].map((guard) => ({
    label: guardLabel(guard),
    write: {
      ConditionCheck: {
        TableName: tableName,
        Key: guard.key,
        ConditionExpression: guard.version === 1 ? 'attribute_not_exists(pk) OR version = :version' : 'version = :version',
        ExpressionAttributeValues: { ':version': guard.version },
      },
    },
  }));
}

/** A guard's label names its map, so a refused check tells which changes it held. */
export const guardLabel = (guard: Pick<MapGuard, 'mapId'>): string => `mapGuard:${guard.mapId}`;

/**
 * The customer's part of a change: a new customer and its external id claim, or only the fields that changed, and
 * only if the customer is still at the version the change was planned on. A change that neither moves nor thanks
 * the customer leaves its item alone, so touchpoints recorded side by side never contend for it.
 */
function customerWrites(tableName: string, { map, before, after }: CustomerChange): LabelledWrite[] {
  if (before === null) {
    return [
      putNew(tableName, 'customer', customerItem(map, after)),
      putNew(tableName, 'externalId', { ...externalIdKey(after.mapId, after.externalId), type: 'ExternalId', customerId: after.id }),
    ];
  }
  const moved = before.stage !== after.stage || before.version !== after.version;
  const thanked = after.lastThankedAt !== before.lastThankedAt;
  if (!moved && !thanked) return [];
  const sets: string[] = [];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ':expectedVersion': before.version };
  const set = (attribute: string, value: unknown) => {
    if (value === null || value === undefined) {
      removes.push(attribute);
    } else {
      sets.push(`${attribute} = :${attribute}`);
      values[`:${attribute}`] = value;
    }
  };
  const item = customerItem(map, after);
  const changed = moved ? ['stage', 'stageEnteredAt', 'version', 'gsi1pk', 'gsi1sk', 'customerSince', 'churnReason'] : [];
  for (const attribute of [...changed, ...(thanked ? ['lastThankedAt'] : [])]) set(attribute, item[attribute]);
  // Work-list keys depend on the stage and the thanks: written only against the version they were computed from.
  for (const [attribute, value] of Object.entries(workListKeys(map, after))) set(attribute, value);
  const update = [sets.length > 0 ? `SET ${sets.join(', ')}` : '', removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '']
    .filter((clause) => clause !== '')
    .join(' ');
  return [
    {
      label: 'customer',
      write: {
        Update: {
          TableName: tableName,
          Key: customerKey(before.id),
          UpdateExpression: update,
          ConditionExpression: 'attribute_exists(pk) AND version = :expectedVersion',
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    },
  ];
}

/** Each transition moves the customer out of one stage and into another: net additions, on one shard per change. */
function stageCounts(change: CustomerChange): CounterAddition[] {
  const first = change.transitions[0];
  if (first === undefined) return [];
  const shard = counterShard(first.id);
  const net = new Map<string, number>();
  for (const transition of change.transitions) {
    if (transition.from !== null) net.set(transition.from, (net.get(transition.from) ?? 0) - 1);
    net.set(transition.to, (net.get(transition.to) ?? 0) + 1);
  }
  return [...net]
    .filter(([, by]) => by !== 0)
    .map(([stage, by]) => ({ key: stageCounterKey(change.after.mapId, stage, shard), stage, by }));
}

/** Counter additions of a whole transaction, one update per shard item (a transaction may touch an item once). */
export function counterWrites(tableName: string, additions: CounterAddition[]): LabelledWrite[] {
  const merged = new Map<string, CounterAddition>();
  for (const addition of additions) {
    const id = `${addition.key.pk}|${addition.key.sk}`;
    const seen = merged.get(id);
    merged.set(id, seen ? { ...seen, by: seen.by + addition.by } : addition);
  }
  return [...merged.values()]
    .filter((addition) => addition.by !== 0)
    .map((addition) => ({
      label: `counter:${addition.stage}`,
      write: {
        Update: {
          TableName: tableName,
          Key: addition.key,
          UpdateExpression: 'SET #type = :type, stage = :stage ADD #count :by',
          ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
          ExpressionAttributeValues: { ':type': 'StageCounter', ':stage': addition.stage, ':by': addition.by },
        },
      },
    }));
}

/** Closes a complaint: it leaves the open-complaints index, unless another touchpoint closed it first. */
export function resolveComplaint(tableName: string, customerId: string, resolution: Resolution): LabelledWrite {
  return {
    label: `complaint:${resolution.complaintId}`,
    write: {
      Update: {
        TableName: tableName,
        Key: touchpointKey(customerId, resolution.complaintId),
        UpdateExpression: 'SET resolvedAt = :resolvedAt, resolvedById = :resolvedById REMOVE gsi3pk, gsi3sk',
        ConditionExpression: 'attribute_exists(pk) AND kind = :complaint AND attribute_not_exists(resolvedAt)',
        ExpressionAttributeValues: {
          ':resolvedAt': resolution.resolvedAt,
          ':resolvedById': resolution.resolvedById,
          ':complaint': 'COMPLAINT',
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  };
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

/**
 * The record of an idempotency key, put only if the key is free: written in the effect's own transaction, so there
 * is no read before the write, and a retry learns of the first result from this condition's failure.
 */
export function idempotencyWrite(tableName: string, record: IdempotencyRecord, now: Date): LabelledWrite {
  return {
    label: `idempotency:${record.key}`,
    write: {
      Put: {
        TableName: tableName,
        Item: { ...idempotencyKey(record.operation, record.sub, record.key), type: 'IdempotencyRecord', ...record },
        // An expired record may linger until TTL removes it: it no longer holds the key.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  };
}

import { MAP_SETTING_DEFAULTS, isThankedStage, type LifecycleMap } from '../domain/map';
import type { Customer, LatestScore, Touchpoint, Transition } from '../domain/records';
import { countsInInsights } from '../domain/relatedFacts';
import {
  customerByStageKeys,
  customerKey,
  mapDirectoryKeys,
  mapKey,
  openComplaintsPartition,
  thankedOrder,
  thankedStagesPartition,
  winBackPartition,
  scoreKey,
  touchpointByTeamKeys,
  touchpointKey,
  transitionKey,
  unprojectedKeys,
} from './keys';

/** A stored item as lib-dynamodb reads it. */
export type Item = Record<string, unknown>;

// DynamoDB conditions compare only values of one type, so absent attributes stand for null rather than NULLs.
function present<T extends Item>(item: T): T {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null && value !== undefined)) as T;
}

const orNull = <T>(value: unknown): T | null => (value === undefined || value === null ? null : (value as T));

export function mapItem(map: LifecycleMap): Item {
  return { ...mapKey(map.id), ...mapDirectoryKeys(map.id), type: 'Map', map };
}

export function mapFromItem(item: Item): LifecycleMap {
  return { ...MAP_SETTING_DEFAULTS, ...(item['map'] as LifecycleMap) };
}

/** The keys of the sparse work-list indexes a customer belongs in, given where it stands; null where it does not. */
export function workListKeys(map: LifecycleMap, customer: Customer): Record<'gsi4pk' | 'gsi4sk' | 'gsi5pk', string | null> {
  const thanked = isThankedStage(map, customer.stage);
  return {
    gsi4pk: thanked ? thankedStagesPartition(customer.mapId) : null,
    gsi4sk: thanked ? thankedOrder(customer.lastThankedAt, customer.customerSince ?? customer.createdAt, customer.id) : null,
    gsi5pk: customer.stage === map.churnedStage ? winBackPartition(customer.mapId) : null,
  };
}

export function customerItem(map: LifecycleMap, customer: Customer): Item {
  return present({
    ...customerKey(customer.id),
    ...customerByStageKeys(customer.mapId, customer.stage, customer.stageEnteredAt, customer.id),
    ...workListKeys(map, customer),
    type: 'Customer',
    ...customer,
  });
}

export function customerFromItem(item: Item): Customer {
  return {
    id: item['id'] as string,
    mapId: item['mapId'] as string,
    externalId: item['externalId'] as string,
    name: item['name'] as string,
    email: orNull(item['email']),
    stage: item['stage'] as string,
    stageEnteredAt: item['stageEnteredAt'] as string,
    version: item['version'] as number,
    createdAt: item['createdAt'] as string,
    customerSince: orNull(item['customerSince']),
    lastThankedAt: orNull(item['lastThankedAt']),
    lifetimeRevenue: (item['lifetimeRevenue'] as number | undefined) ?? 0,
    churnReason: orNull(item['churnReason']),
    // Only once a correction or an erasure wrote them: a customer never corrected reads as it was written.
    ...(item['profileVersion'] === undefined ? {} : { profileVersion: item['profileVersion'] as number }),
    ...(item['erasedAt'] === undefined ? {} : { erasedAt: item['erasedAt'] as string }),
  };
}

/** A new transition: every one waits for the projector, which counts it into the insights. */
export function transitionItem(transition: Transition): Item {
  return present({
    ...transitionKey(transition.customerId, transition.version),
    ...unprojectedKeys(transition.mapId, transition.id, transition.at),
    type: 'Transition',
    ...transition,
  });
}

export function transitionFromItem(item: Item): Transition {
  return {
    id: item['id'] as string,
    customerId: item['customerId'] as string,
    mapId: item['mapId'] as string,
    version: item['version'] as number,
    from: orNull(item['from']),
    to: item['to'] as string,
    at: item['at'] as string,
    team: orNull(item['team']),
    reason: orNull(item['reason']),
    touchpointId: orNull(item['touchpointId']),
    automatic: item['automatic'] === true,
    recordedBy: item['recordedBy'] as string,
    fromEnteredAt: orNull(item['fromEnteredAt']),
    ruleId: orNull(item['ruleId']),
    mapVersion: (item['mapVersion'] as number | undefined) ?? MAP_SETTING_DEFAULTS.version,
  };
}

export function touchpointItem(touchpoint: Touchpoint): Item {
  return present({
    ...touchpointKey(touchpoint.customerId, touchpoint.id),
    ...touchpointByTeamKeys(touchpoint.customerId, touchpoint.team, touchpoint.id),
    ...(touchpoint.kind === 'COMPLAINT' && touchpoint.resolvedAt === null
      ? { gsi3pk: openComplaintsPartition(touchpoint.mapId), gsi3sk: touchpoint.id }
      : {}),
    ...(countsInInsights(touchpoint) ? unprojectedKeys(touchpoint.mapId, touchpoint.id, touchpoint.recordedAt) : {}),
    type: 'Touchpoint',
    ...touchpoint,
  });
}

export function touchpointFromItem(item: Item): Touchpoint {
  return {
    id: item['id'] as string,
    customerId: item['customerId'] as string,
    mapId: item['mapId'] as string,
    team: item['team'] as Touchpoint['team'],
    channel: item['channel'] as Touchpoint['channel'],
    kind: item['kind'] as Touchpoint['kind'],
    occurredAt: item['occurredAt'] as string,
    recordedAt: item['recordedAt'] as string,
    score: orNull(item['score']),
    note: orNull(item['note']),
    revenue: orNull(item['revenue']),
    cost: orNull(item['cost']),
    recordedBy: item['recordedBy'] as string,
    resolvedAt: orNull(item['resolvedAt']),
    resolvedById: orNull(item['resolvedById']),
    resolvesId: orNull(item['resolvesId']),
    campaign: orNull(item['campaign']),
  };
}

/** The score item written beside a scored touchpoint: what the latest-score query reads. */
export function scoreItem(touchpoint: Touchpoint & { score: number }): Item {
  return { ...scoreKey(touchpoint.customerId, touchpoint.id), type: 'Score', score: touchpoint.score, at: touchpoint.occurredAt, touchpointId: touchpoint.id };
}

export function latestScoreFromItem(item: Item): LatestScore {
  return { score: item['score'] as number, at: item['at'] as string, touchpointId: item['touchpointId'] as string };
}

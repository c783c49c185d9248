/**
 * Every key of the single table, built here and nowhere else. The table and its indexes are defined in
 * infra/table.yml; the README's access-pattern table lists which query reads which key.
 */
export const INDEX = {
  /** gsi1pk = map and stage, gsi1sk = when the customer entered it: customers of a stage, oldest entry first. */
  customersByStage: 'gsi1',
  /** gsi1pk = MAPS, gsi1sk = map id, on each map's current item only: every map, by id. */
  maps: 'gsi1',
  /** gsi2pk = customer and team, gsi2sk = touchpoint id: one team's touchpoints of a customer, in time order. */
  touchpointsByTeam: 'gsi2',
  /** gsi3pk = map, gsi3sk = complaint id, only while open: open complaints, oldest first. */
  openComplaints: 'gsi3',
  /** gsi4pk = map, gsi4sk = never-thanked-first order, only while LOYAL or ADVOCATE: whom to thank. */
  thankedStages: 'gsi4',
  /** gsi5pk = map, range = lifetimeRevenue, only while CHURNED: whom to win back, highest revenue first. */
  winBack: 'gsi5',
  /** gsi6pk = map and shard, gsi6sk = when recorded, only until the projector counted it: how fresh insights are. */
  unprojectedFacts: 'gsi6',
  /** gsi7pk = shard, gsi7sk = when the next attempt is due, only while PENDING: webhook deliveries to send. */
  webhookDue: 'gsi7',
} as const;

/** Counters of one stage are spread over this many items so that a busy stage has no single hot item. */
export const COUNTER_SHARDS = 8;

export interface TableKey {
  pk: string;
  sk: string;
}

export const mapKey = (mapId: string): TableKey => ({ pk: `MAP#${mapId}`, sk: 'MAP' });
/** The partition of the maps index: a business keeps a handful of maps, so one partition lists them all. */
export const MAP_DIRECTORY = 'MAPS';
export const mapDirectoryKeys = (mapId: string) => ({ gsi1pk: MAP_DIRECTORY, gsi1sk: mapId });

export const MAP_VERSION_PREFIX = 'VERSION#';
/** Every version of a map, kept as it was beside the current one: older journeys read their stages from it. */
export const mapVersionKey = (mapId: string, version: number): TableKey => ({
  pk: `MAP#${mapId}`,
  sk: `${MAP_VERSION_PREFIX}${String(version).padStart(10, '0')}`,
});

/**
 * A map's version, copied on this many guard items: every write checks one of them (by a hash of its new ids), so
 * a write planned on an older version fails, while writes side by side never all contend for the one map item.
 */
export const MAP_GUARD_SHARDS = 8;

export const mapGuardKey = (mapId: string, shard: number): TableKey => ({ pk: `MAP#${mapId}#GUARD#${shard}`, sk: 'GUARD' });

export const stageCounterKey = (mapId: string, stage: string, shard: number): TableKey => ({
  pk: `MAP#${mapId}#COUNTER#${shard}`,
  sk: `STAGE#${stage}`,
});

export const customerKey = (customerId: string): TableKey => ({ pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' });

export const customerPartition = (customerId: string): string => `CUSTOMER#${customerId}`;

export const stagePartition = (mapId: string, stage: string): string => `MAP#${mapId}#STAGE#${stage}`;

export const customerByStageKeys = (mapId: string, stage: string, enteredAt: string, customerId: string) => ({
  gsi1pk: stagePartition(mapId, stage),
  gsi1sk: `${enteredAt}#${customerId}`,
});

/** Holds an external id within a map, so that a second customer with it fails its transaction. */
export const externalIdKey = (mapId: string, externalId: string): TableKey => ({
  pk: `MAP#${mapId}#EXTERNAL#${externalId}`,
  sk: 'EXTERNAL',
});

export const TRANSITION_PREFIX = 'TRANSITION#';
/** Transitions sort by the version they produced, so a journey reads in order and a version is written once. */
export const transitionKey = (customerId: string, version: number): TableKey => ({
  pk: customerPartition(customerId),
  sk: `${TRANSITION_PREFIX}${String(version).padStart(10, '0')}`,
});

export const TOUCHPOINT_PREFIX = 'TOUCHPOINT#';
/** Touchpoint ids begin with when they happened, so the sort key orders a customer's touchpoints in time. */
export const touchpointKey = (customerId: string, touchpointId: string): TableKey => ({
  pk: customerPartition(customerId),
  sk: `${TOUCHPOINT_PREFIX}${touchpointId}`,
});

export const teamTouchpointsPartition = (customerId: string, team: string): string =>
  `CUSTOMER#${customerId}#TEAM#${team}`;

export const touchpointByTeamKeys = (customerId: string, team: string, touchpointId: string) => ({
  gsi2pk: teamTouchpointsPartition(customerId, team),
  gsi2sk: touchpointId,
});

/**
 * One record per operation, caller and key. Each part is URI-encoded, so no part can contain the "#" that separates
 * them: sub "a#b" with key "c" and sub "a" with key "b#c" are different records.
 */
export const idempotencyKey = (operation: string, sub: string, key: string): TableKey => ({
  pk: ['IDEMPOTENCY', operation, sub, key].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('#'),
  sk: 'IDEMPOTENCY',
});

export const SCORE_PREFIX = 'SCORE#';
/**
 * A scored touchpoint also writes a small score item beside it: the latest score is the last of them in time, read
 * with one query, so that scores need not update (and contend on) the customer item.
 */
export const scoreKey = (customerId: string, touchpointId: string): TableKey => ({
  pk: customerPartition(customerId),
  sk: `${SCORE_PREFIX}${touchpointId}`,
});

/** Where the projector keeps how far it has counted a customer's facts: the lock that serializes them. */
export const projectionKey = (customerId: string): TableKey => ({ pk: customerPartition(customerId), sk: 'PROJECTION' });

/** Facts waiting for the projector are spread over this many index partitions, so no one partition is hot. */
export const UNPROJECTED_SHARDS = 4;

export const unprojectedPartition = (mapId: string, shard: number): string => `MAP#${mapId}#UNPROJECTED#${shard}`;

/** The index keys that mark a fact (touchpoint or transition) as not yet counted by the projector. */
export const unprojectedKeys = (mapId: string, factId: string, recordedAt: string) => ({
  gsi6pk: unprojectedPartition(mapId, counterShard(factId) % UNPROJECTED_SHARDS),
  gsi6sk: `${recordedAt}#${factId}`,
});

/** Spreads writes over the shards: a stable hash of an id that is new with each write. */
export function counterShard(seed: string): number {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return Math.abs(hash) % COUNTER_SHARDS;
}

export const openComplaintsPartition = (mapId: string): string => `MAP#${mapId}#OPEN_COMPLAINTS`;
export const thankedStagesPartition = (mapId: string): string => `MAP#${mapId}#THANKED_STAGES`;
export const winBackPartition = (mapId: string): string => `MAP#${mapId}#WIN_BACK`;

/**
 * Where a customer stands in the thank-you list: the never thanked first ("0#", by how long they have been
 * customers), then the thanked ("1#", by when last thanked). "1#<cutoff>" bounds "not thanked since the cutoff".
 */
export const thankedOrder = (lastThankedAt: string | null, customerSince: string, customerId: string): string =>
  lastThankedAt === null ? `0#${customerSince}#${customerId}` : `1#${lastThankedAt}#${customerId}`;

export const notThankedSince = (cutoff: string): string => `1#${cutoff}`;

/** Each period's insight counters are spread over this many items, so a busy day has no single hot item. */
export const INSIGHT_SHARDS = 4;

/** The counters of a day (YYYY-MM-DD) or of a month (YYYY-MM), one shard of them. */
export const insightKey = (mapId: string, period: string, shard: number): TableKey => ({
  pk: `MAP#${mapId}#INSIGHTS#${period}#${shard}`,
  sk: period.length === 7 ? 'MONTH' : 'DAY',
});

/** Every webhook subscription in one partition: there are few, and the publisher reads them all per batch. */
export const WEBHOOK_SUBSCRIPTIONS_PARTITION = 'WEBHOOKS';

export const webhookSubscriptionKey = (subscriptionId: string): TableKey => ({
  pk: WEBHOOK_SUBSCRIPTIONS_PARTITION,
  sk: `SUBSCRIPTION#${subscriptionId}`,
});

export const webhookPartition = (subscriptionId: string): string => `WEBHOOK#${subscriptionId}`;

export const WEBHOOK_DELIVERY_PREFIX = 'DELIVERY#';
/**
 * One delivery per subscription and event: put if absent, so a stream record published twice delivers once. The
 * event's time leads the sort key, so the delivery log reads newest first.
 */
export const webhookDeliveryKey = (subscriptionId: string, eventAt: string, eventId: string): TableKey => ({
  pk: webhookPartition(subscriptionId),
  sk: `${WEBHOOK_DELIVERY_PREFIX}${eventAt}#${eventId}`,
});

/** The versions of a customer's events still pending for a subscription: a newer one waits for the older. */
export const webhookOrderKey = (subscriptionId: string, customerId: string): TableKey => ({
  pk: webhookPartition(subscriptionId),
  sk: `ORDER#${customerId}`,
});

/** Pending deliveries are spread over this many index partitions, read side by side by the dispatcher. */
export const WEBHOOK_DUE_SHARDS = 4;

export const webhookDuePartition = (shard: number): string => `WEBHOOK_DUE#${shard}`;

/**
 * The index keys of a pending delivery: by when its next attempt is due, then by customer and version, so that a
 * customer's deliveries due at the same time are read in version order.
 */
export const webhookDueKeys = (delivery: { eventId: string; subscriptionId: string; customerId: string; order: number; nextAttemptAt: string }) => ({
  gsi7pk: webhookDuePartition(counterShard(delivery.eventId) % WEBHOOK_DUE_SHARDS),
  gsi7sk: `${delivery.nextAttemptAt}#${delivery.customerId}#${String(delivery.order).padStart(10, '0')}#${delivery.subscriptionId}`,
});

/** The upper bound of due keys: every delivery due at or before `at`. */
export const webhookDueUntil = (at: string): string => `${at}$`;

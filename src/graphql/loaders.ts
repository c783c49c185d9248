import DataLoader from 'dataloader';
import type { MapCache } from '../app/mapCache';
import type { StageCounts } from '../app/workLists';
import type { LifecycleMap } from '../domain/map';
import type { Customer, LatestScore, Touchpoint, Transition } from '../domain/records';
import type { LifecycleStore } from '../store/lifecycleStore';
import type { RecordReads, TouchpointRef, TransitionRef } from '../store/recordReads';

/** A stage of a map, whose customers a counter holds. */
export interface MapStage {
  mapId: string;
  stage: string;
}

/** Per-request batching and caching, so a page of customers reads its maps and counts once, not once per node. */
export interface Loaders {
  map: DataLoader<string, LifecycleMap | null>;
  customer: DataLoader<string, Customer | null>;
  /** Counts of the stages asked for together, in one read of only their counter shards. */
  stageCount: DataLoader<MapStage, number, string>;
  /** By customer id: read from its score items, once per customer per request. */
  latestScore: DataLoader<string, LatestScore | null>;
  /** Latest transitions of a page of customers, touchpoints of a journey, resolving touchpoints: one batch each. */
  transition: DataLoader<TransitionRef, Transition | null, string>;
  touchpoint: DataLoader<TouchpointRef, Touchpoint | null, string>;
}

/** Maps come from the container's cache (revalidated by version), the rest from the store. */
export function createLoaders(store: LifecycleStore, maps: MapCache, reads: RecordReads): Loaders {
  return {
    map: new DataLoader((ids) => Promise.all(ids.map((id) => maps.get(id)))),
    customer: new DataLoader(async (ids) => {
      const found = new Map((await store.getCustomers(ids)).map((customer) => [customer.id, customer]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    latestScore: new DataLoader((customerIds) => Promise.all(customerIds.map((id) => store.latestScore(id)))),
    // A list's totalCount reads its own stage's 8 shards (4 read units), not the whole map's 56 (28).
    stageCount: new DataLoader(
      async (keys) => {
        const stagesByMap = new Map<string, string[]>();
        for (const { mapId, stage } of keys) stagesByMap.set(mapId, [...(stagesByMap.get(mapId) ?? []), stage]);
        const counts = new Map(
          await Promise.all(
            [...stagesByMap].map(async ([mapId, stages]) => [mapId, await store.stageCounts(mapId, stages)] as const),
          ),
        );
        return keys.map(({ mapId, stage }) => counts.get(mapId)?.get(stage) ?? 0);
      },
      { cacheKeyFn: ({ mapId, stage }) => JSON.stringify([mapId, stage]) },
    ),
    transition: new DataLoader(
      async (refs) => {
        const found = new Map((await reads.transitions(refs)).map((t) => [transitionCacheKey(t), t]));
        return refs.map((ref) => found.get(transitionCacheKey(ref)) ?? null);
      },
      { cacheKeyFn: transitionCacheKey },
    ),
    touchpoint: new DataLoader(
      async (refs) => {
        const found = new Map((await reads.touchpoints(refs)).map((t) => [touchpointCacheKey({ customerId: t.customerId, touchpointId: t.id }), t]));
        return refs.map((ref) => found.get(touchpointCacheKey(ref)) ?? null);
      },
      { cacheKeyFn: touchpointCacheKey },
    ),
  };
}

const transitionCacheKey = ({ customerId, version }: TransitionRef) => `${customerId}\n${version}`;
const touchpointCacheKey = ({ customerId, touchpointId }: TouchpointRef) => `${customerId}\n${touchpointId}`;

/** Stage counts through the request's loader: read once however many connections of the request ask for them. */
export const countsOf =
  ({ loaders }: { loaders: Loaders }): StageCounts =>
  async (map, stages) => {
    const counts = await Promise.all(stages.map((stage) => loaders.stageCount.load({ mapId: map.id, stage })));
    return new Map(stages.map((stage, i) => [stage, counts[i] ?? 0]));
  };

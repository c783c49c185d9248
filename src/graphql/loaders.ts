import DataLoader from 'dataloader';
import type { MapCache } from '../app/mapCache';
import type { StageCounts } from '../app/workLists';
import type { LifecycleMap } from '../domain/map';
import type { Customer, LatestScore } from '../domain/records';
import type { LifecycleStore } from '../store/lifecycleStore';

/** Per-request batching and caching, so a page of customers reads its maps and counts once, not once per node. */
export interface Loaders {
  map: DataLoader<string, LifecycleMap | null>;
  customer: DataLoader<string, Customer | null>;
  stageCounts: DataLoader<string, Map<string, number>>;
  /** By customer id: read from its score items, once per customer per request. */
  latestScore: DataLoader<string, LatestScore | null>;
}

/** Maps come from the container's cache (revalidated by version), the rest from the store. */
export function createLoaders(store: LifecycleStore, maps: MapCache): Loaders {
  const map = new DataLoader<string, LifecycleMap | null>((ids) => Promise.all(ids.map((id) => maps.get(id))));
  return {
    map,
    customer: new DataLoader(async (ids) => {
      const found = new Map((await store.getCustomers(ids)).map((customer) => [customer.id, customer]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    latestScore: new DataLoader((customerIds) => Promise.all(customerIds.map((id) => store.latestScore(id)))),
    stageCounts: new DataLoader((mapIds) =>
      Promise.all(
        mapIds.map(async (mapId) => {
          const stages = (await map.load(mapId))?.stages.map((stage) => stage.key) ?? [];
          return store.stageCounts(mapId, stages);
        }),
      ),
    ),
  };
}

/** Stage counts through the request's loader: read once however many connections of the request ask for them. */
export const countsOf =
  ({ loaders }: { loaders: Loaders }): StageCounts =>
  (map) =>
    loaders.stageCounts.load(map.id);

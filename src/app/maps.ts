import { DEFAULT_MAP_ID } from '../domain/defaultMap';
import { badInput } from '../domain/errors';
import type { LifecycleMap } from '../domain/map';
import type { LifecycleStore } from '../store/lifecycleStore';

/** The map with this id (the default map when null), or BAD_USER_INPUT naming the field that carried the id. */
export async function requireMap(store: LifecycleStore, mapId: string | null, field: string): Promise<LifecycleMap> {
  const map = await store.getMap(mapId ?? DEFAULT_MAP_ID);
  if (!map) throw badInput(field, `${field} is not a known map`);
  return map;
}

import { DEFAULT_MAP_ID } from '../domain/defaultMap';
import { badInput } from '../domain/errors';
import type { LifecycleMap } from '../domain/map';

/** Where maps are read from: the store, or a per-request cache of it. */
export type LoadMap = (mapId: string) => Promise<LifecycleMap | null>;

/** The map with this id (the default map when null), or BAD_USER_INPUT naming the field that carried the id. */
export async function requireMap(load: LoadMap, mapId: string | null, field: string): Promise<LifecycleMap> {
  const map = await load(mapId ?? DEFAULT_MAP_ID);
  if (!map) throw badInput(field, `${field} is not a known map`);
  return map;
}

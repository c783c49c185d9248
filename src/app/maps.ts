import { DEFAULT_MAP_ID } from '../domain/defaultMap';
import { badInput } from '../domain/errors';
import type { LifecycleMap } from '../domain/map';
import type { Customer } from '../domain/records';
import type { Services } from './services';

/** Where maps are read from: the store, or a per-request cache of it. */
export type LoadMap = (mapId: string) => Promise<LifecycleMap | null>;

/** The map with this id (the default map when null), or BAD_USER_INPUT naming the field that carried the id. */
export async function requireMap(load: LoadMap, mapId: string | null, field: string): Promise<LifecycleMap> {
  const map = await load(mapId ?? DEFAULT_MAP_ID);
  if (!map) throw badInput(field, `${field} is not a known map`);
  return map;
}

/** Every map the business keeps, by id: what a frontend offers to choose from. */
export function allMaps(services: Services): Promise<LifecycleMap[]> {
  return services.store.maps.list();
}

/**
 * A customer and its map, read consistently for a write: both in one request when the customer is on the default
 * map (the usual case), a second read only for a customer of another map.
 */
export async function readCustomerForWrite(
  services: Services,
  customerId: string,
): Promise<{ customer: Customer | null; map: LifecycleMap | null }> {
  const { customers, maps } = await services.store.readForWrite([customerId], [DEFAULT_MAP_ID]);
  const customer = customers.get(customerId) ?? null;
  if (!customer) return { customer: null, map: null };
  return { customer, map: maps.get(customer.mapId) ?? (await services.store.getMap(customer.mapId, true)) };
}

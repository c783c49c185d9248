import { LIMITS, requiredLine } from '../domain/validation';
import type { Services } from './services';

/** The id of the customer holding an externalId in a map, or null: the claim item that keeps it unique answers. */
export async function customerIdByExternalId(services: Services, mapId: string, externalId: string): Promise<string | null> {
  const wanted = requiredLine('externalId', externalId, LIMITS.externalId);
  const owners = await services.store.customerIdsByExternalId(mapId, [wanted]);
  return owners.get(wanted) ?? null;
}

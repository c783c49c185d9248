import { notFound } from '../domain/errors';
import { explainMove, type MoveExplanation } from '../domain/explainMove';
import { requireStage, type LifecycleMap } from '../domain/map';
import type { Customer, Transition } from '../domain/records';
import { LIMITS, requiredLine } from '../domain/validation';
import type { Services } from './services';

/** The id of the customer holding an externalId in a map, or null: the claim item that keeps it unique answers. */
export async function customerIdByExternalId(services: Services, mapId: string, externalId: string): Promise<string | null> {
  const wanted = requiredLine('externalId', externalId, LIMITS.externalId);
  const owners = await services.store.customerIdsByExternalId(mapId, [wanted]);
  return owners.get(wanted) ?? null;
}

/** Every move of a customer, oldest first: the journey. */
export function customerJourney(services: Services, customerId: string): Promise<Transition[]> {
  return services.store.journey(customerId);
}

/** Why a customer may or may not move to a stage, and which rules would move it there. */
export async function explainCustomerMove(
  load: { customer: (id: string) => Promise<Customer | null>; map: (id: string) => Promise<LifecycleMap | null> },
  customerId: string,
  toStage: string,
): Promise<MoveExplanation & { map: LifecycleMap }> {
  const customer = await load.customer(customerId);
  const map = customer && (await load.map(customer.mapId));
  if (!customer || !map) throw notFound('The customer', 'customerId');
  requireStage(map, toStage, 'toStage');
  return { ...explainMove(map, customer, toStage), map };
}

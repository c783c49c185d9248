import { requireCanCreateCustomer, type Caller } from '../domain/access';
import { conflict } from '../domain/errors';
import { mergeContributions, transitionContribution } from '../domain/insights';
import { entryStage } from '../domain/map';
import type { Customer, Transition } from '../domain/records';
import { LIMITS, optionalEmail, optionalIdempotencyKey, optionalLine, requiredLine } from '../domain/validation';
import { ExternalIdTaken } from '../store/lifecycleStore';
import { idempotent } from './idempotency';
import { requireMap } from './maps';
import { retryWhileStale } from './retry';
import type { Services } from './services';

export interface CreateCustomerRequest {
  externalId: string;
  name: string;
  email?: string | null;
  mapId?: string | null;
  idempotencyKey?: string | null;
}

export interface CreateCustomerResult {
  customer: Customer;
  transition: Transition;
}

/** A new customer stands at the map's first stage, with a first transition into it. */
export async function createCustomer(
  services: Services,
  caller: Caller,
  request: CreateCustomerRequest,
): Promise<CreateCustomerResult> {
  requireCanCreateCustomer(caller);
  const externalId = requiredLine('input.externalId', request.externalId, LIMITS.externalId);
  const name = requiredLine('input.name', request.name, LIMITS.name);
  const email = optionalEmail('input.email', request.email);
  const mapId = optionalLine('input.mapId', request.mapId, LIMITS.externalId);
  const key = optionalIdempotencyKey('input.idempotencyKey', request.idempotencyKey);
  const map = await requireMap((id) => services.store.getMap(id), mapId, 'input.mapId');
  const { idempotencyKey: _, ...content } = request;

  return idempotent(services, `createCustomer#${caller.sub}`, key, content, (keep) =>
    retryWhileStale(async () => {
      const now = services.clock();
      const at = now.toISOString();
      const stage = entryStage(map).key;
      const customer: Customer = {
        id: `cus_${services.newId()}`,
        mapId: map.id,
        externalId,
        name,
        email,
        stage,
        stageEnteredAt: at,
        version: 1,
        latestScore: null,
        latestScoreAt: null,
        createdAt: at,
        customerSince: null,
        lastThankedAt: null,
        lifetimeRevenue: 0,
        churnReason: null,
        factsVersion: 0,
      };
      const transition: Transition = {
        id: `trn_${services.newId()}`,
        customerId: customer.id,
        mapId: map.id,
        version: 1,
        from: null,
        to: stage,
        at,
        team: null,
        reason: 'Created',
        touchpointId: null,
        automatic: false,
        recordedBy: caller.sub,
      };
      const result = { customer, transition };
      try {
        const insights = mergeContributions([transitionContribution(map, null, transition)]);
        await services.store.createCustomer(map, customer, transition, insights, keep(result, now), now);
      } catch (error) {
        if (error instanceof ExternalIdTaken) {
          throw conflict(`A customer with this externalId already exists in map ${map.id}`, 'input.externalId');
        }
        throw error;
      }
      return result;
    }),
  );
}

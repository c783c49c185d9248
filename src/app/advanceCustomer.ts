import { requireCanActAs, type Caller } from '../domain/access';
import { conflict, notFound } from '../domain/errors';
import { mergeContributions, transitionContribution } from '../domain/insights';
import { checkMove, requireStage } from '../domain/map';
import { applyMove } from '../domain/moves';
import type { Customer, Transition } from '../domain/records';
import { LIMITS, optionalIdempotencyKey, optionalLine, optionalVersion } from '../domain/validation';
import type { Team } from '../domain/vocabulary';
import { idempotent } from './idempotency';
import { requireMap } from './maps';
import { retryWhileStale } from './retry';
import type { Services } from './services';

export interface AdvanceCustomerRequest {
  customerId: string;
  toStage: string;
  team: Team;
  reason?: string | null;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

export interface AdvanceCustomerResult {
  customer: Customer;
  transition: Transition;
}

/**
 * Moves a customer along one of its map's moves. The move is checked against the stage the customer stands in
 * when the write lands: a concurrent move in between makes this one re-read and check again.
 */
export async function advanceCustomer(
  services: Services,
  caller: Caller,
  request: AdvanceCustomerRequest,
): Promise<AdvanceCustomerResult> {
  requireCanActAs(caller, request.team);
  const reason = optionalLine('input.reason', request.reason, LIMITS.reason);
  const expectedVersion = optionalVersion('input.expectedVersion', request.expectedVersion);
  const key = optionalIdempotencyKey('input.idempotencyKey', request.idempotencyKey);
  const { idempotencyKey: _, ...content } = request;

  return idempotent(services, `advanceCustomer#${caller.sub}`, key, content, (keep) =>
    retryWhileStale(async () => {
      const customer = await services.store.getCustomer(request.customerId, true);
      if (!customer) throw notFound('The customer', 'input.customerId');
      const map = await requireMap((id) => services.store.getMap(id), customer.mapId, 'input.customerId');
      requireStage(map, request.toStage, 'input.toStage');
      if (expectedVersion !== null && customer.version !== expectedVersion) {
        throw conflict(
          `Customer ${customer.id} is at version ${customer.version}, not ${expectedVersion}`,
          'input.expectedVersion',
        );
      }
      checkMove(map, customer.stage, request.toStage, reason);
      const now = services.clock();
      const { after, transition } = applyMove(map, customer, {
        transitionId: `trn_${services.newId()}`,
        to: request.toStage,
        at: now.toISOString(),
        team: request.team,
        reason,
        touchpointId: null,
        automatic: false,
        recordedBy: caller.sub,
      });
      const result = { customer: after, transition };
      await services.store.commitChange({
        map,
        before: customer,
        after,
        guardVersion: true,
        guardFacts: false,
        transition,
        touchpoint: null,
        revenueAdded: 0,
        resolves: null,
        insights: mergeContributions([transitionContribution(map, customer, transition)]),
        idempotency: keep(result, now),
        now,
      });
      return result;
    }),
  );
}

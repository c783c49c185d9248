import { requireCanActAs, type Caller } from '../domain/access';
import { DomainError, conflict, notFound } from '../domain/errors';
import { checkMove, requireStage } from '../domain/map';
import { applyMove } from '../domain/moves';
import type { Customer, Transition } from '../domain/records';
import { LIMITS, optionalIdempotencyKey, optionalLine, optionalVersion } from '../domain/validation';
import type { Team } from '../domain/vocabulary';
import { claimOf, recordOf, replay, replayIfRecorded } from './idempotency';
import { readCustomerForWrite } from './maps';
import { pauseBeforeRetry, tooManyWriters } from './retry';
import type { Services } from './services';

export interface AdvanceCustomerRequest {
  customerId: string;
  toStage: string;
  team: Team;
  reason?: string | null;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
  /** Check and plan only: the same checks and result, nothing written. */
  dryRun?: boolean | null;
}

export interface AdvanceCustomerResult {
  customer: Customer;
  transition: Transition;
}

/**
 * Moves a customer along one of its map's moves: one consistent read (customer and map), one transaction. The
 * move is checked against the stage the customer stands in when the write lands: a concurrent move in between
 * makes this one read and check again. A retried idempotency key answers the first result, even once the move is
 * no longer allowed from where the customer now stands.
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
  const { idempotencyKey: _, dryRun, ...content } = request;
  const claim = claimOf('advanceCustomer', caller, key, content);

  for (let attempt = 0; ; attempt++) {
    try {
      const { customer, map } = await readCustomerForWrite(services, request.customerId);
      if (!customer || !map) throw notFound('The customer', 'input.customerId');
      requireStage(map, request.toStage, 'input.toStage');
      if (expectedVersion !== null && customer.version !== expectedVersion) {
        throw conflict(`Customer ${customer.id} is at version ${customer.version}, not ${expectedVersion}`, 'input.expectedVersion');
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
        ruleId: null,
        recordedBy: caller.sub,
      });
      const result: AdvanceCustomerResult = { customer: after, transition };
      if (dryRun === true) return result;
      const [outcome] = await services.store.commit(
        [{ map, before: customer, after, transitions: [transition], touchpoints: [], resolutions: [], idempotency: claim ? [recordOf(services, claim, result, now)] : [] }],
        now,
      );
      if (outcome?.status === 'committed') return result;
      if (outcome?.status === 'replay' && claim) return replay(outcome.record, claim);
    } catch (error) {
      // A twin request with this key may have moved the customer first: its result is the answer, not this refusal.
      if (error instanceof DomainError && dryRun !== true) {
        const first = await replayIfRecorded<AdvanceCustomerResult>(services, claim);
        if (first) return first;
      }
      throw error;
    }
    if (!(await pauseBeforeRetry(attempt))) throw tooManyWriters();
  }
}

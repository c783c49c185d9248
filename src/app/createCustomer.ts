import { requireCanCreateCustomer, type Caller } from '../domain/access';
import { conflict } from '../domain/errors';
import { entryStage } from '../domain/map';
import type { Customer, Transition } from '../domain/records';
import { LIMITS, optionalEmail, optionalIdempotencyKey, optionalLine, requiredLine } from '../domain/validation';
import { claimOf, recordOf, replay } from './idempotency';
import { requireMap } from './maps';
import { pauseBeforeRetry, tooManyWriters } from './retry';
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

/**
 * A new customer stands at the map's first stage, with a first transition into it: one transaction with its
 * external id claim and its stage count, and its idempotency record put if absent (no read before).
 */
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
  const { idempotencyKey: _, ...content } = request;
  const claim = claimOf('createCustomer', caller, key, content);

  for (let attempt = 0; ; attempt++) {
    // Read consistently each time: a map updated meanwhile refuses the write, and the next plan uses its new version.
    const map = await requireMap((id) => services.store.getMap(id, true), mapId, 'input.mapId');
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
      createdAt: at,
      customerSince: null,
      lastThankedAt: null,
      lifetimeRevenue: 0,
      churnReason: null,
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
      fromEnteredAt: null,
      ruleId: null,
      mapVersion: map.version,
    };
    const result: CreateCustomerResult = { customer, transition };
    const [outcome] = await services.store.commit(
      [{ map, before: null, after: customer, transitions: [transition], touchpoints: [], resolutions: [], idempotency: claim ? [recordOf(services, claim, result, now)] : [] }],
      now,
    );
    if (outcome?.status === 'committed') return result;
    if (outcome?.status === 'replay' && claim) return replay(outcome.record, claim);
    if (outcome?.status === 'externalIdTaken') {
      throw conflict(`A customer with this externalId already exists in map ${map.id}`, 'input.externalId');
    }
    if (!(await pauseBeforeRetry(attempt))) throw tooManyWriters();
  }
}

import type { AdvanceCustomerRequest } from '../../src/app/advanceCustomer';
import type { CreateCustomerRequest } from '../../src/app/createCustomer';
import type { RecordTouchpointRequest } from '../../src/app/recordTouchpoints';
import type { Caller } from '../../src/domain/access';
import type { Customer, Touchpoint } from '../../src/domain/records';

let counter = 0;

export const anAdmin: Caller = { sub: 'admin-1', roles: ['admin'] };
export const aMarketer: Caller = { sub: 'marketing-1', roles: ['marketing'] };

export function aNewCustomer(overrides: Partial<CreateCustomerRequest> = {}): CreateCustomerRequest {
  counter++;
  return { externalId: `ext-${counter}-${Date.now()}`, name: `Customer ${counter}`, email: `c${counter}@example.com`, ...overrides };
}

export function aTouchpoint(customerId: string, overrides: Partial<RecordTouchpointRequest> = {}): RecordTouchpointRequest {
  return { customerId, team: 'OPERATIONS', channel: 'EMAIL', kind: 'SUPPORT_REQUEST', ...overrides };
}

export function aMove(customerId: string, toStage: string, overrides: Partial<AdvanceCustomerRequest> = {}): AdvanceCustomerRequest {
  return { customerId, toStage, team: 'OPERATIONS', ...overrides };
}

/** A customer record, for pure domain tests. */
export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'cus_1',
    mapId: 'default',
    externalId: 'ext-1',
    name: 'Ada',
    email: null,
    stage: 'PROSPECT',
    stageEnteredAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    customerSince: null,
    lastThankedAt: null,
    lifetimeRevenue: 0,
    churnReason: null,
    ...overrides,
  };
}

export function aTouchpointRecord(overrides: Partial<Touchpoint> = {}): Touchpoint {
  return {
    id: 'tp_1',
    customerId: 'cus_1',
    mapId: 'default',
    team: 'OPERATIONS',
    channel: 'EMAIL',
    kind: 'SUPPORT_REQUEST',
    occurredAt: '2026-02-01T00:00:00.000Z',
    recordedAt: '2026-02-01T00:00:00.000Z',
    score: null,
    note: null,
    revenue: null,
    cost: null,
    recordedBy: 'sub-1',
    resolvedAt: null,
    resolvedById: null,
    resolvesId: null,
    campaign: null,
    ...overrides,
  };
}

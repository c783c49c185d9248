import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import type { Customer, Touchpoint, Transition } from '../../src/domain/records';
import { explainRefusals, packChanges } from '../../src/store/commit';
import { MAP_GUARD_SHARDS, idempotencyKey } from '../../src/store/keys';
import { insightWrites, projectionWrites } from '../../src/store/projection';
import { changeWrites, counterWrites, guardWrites, idempotencyWrite, type CustomerChange } from '../../src/store/writes';
import { aCustomer, aTouchpointRecord } from '../support/builders';

const NOW = new Date('2026-06-01T09:00:00.000Z');
const change = (before: Customer | null, after: Customer, extra: Partial<CustomerChange> = {}): CustomerChange => ({
  map: DEFAULT_MAP,
  before,
  after,
  transitions: [],
  touchpoints: [],
  resolutions: [],
  idempotency: [],
  ...extra,
});
const aTransition = (overrides: Partial<Transition> = {}): Transition => ({
  id: 'trn_1',
  customerId: 'cus_1',
  mapId: 'default',
  version: 2,
  from: 'PROSPECT',
  to: 'ONBOARDING',
  at: NOW.toISOString(),
  team: 'MARKETING',
  reason: null,
  touchpointId: null,
  automatic: false,
  recordedBy: 'sub',
  fromEnteredAt: '2026-05-01T00:00:00.000Z',
  ruleId: null,
  mapVersion: 1,
  ...overrides,
});
const record = (key: string) => ({ operation: 'recordTouchpoint', sub: 's', key, requestHash: 'h', result: '{}', createdAt: NOW.toISOString(), expiresAt: NOW.getTime() / 1000 + 60 });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading the built request
const customerWrite = (c: CustomerChange): any => changeWrites('t', c, NOW).writes.find((w) => w.label === 'customer')?.write;

describe('the customer part of a change', () => {
  it('moves the stage and its index keys only at the version read', () => {
    const before = aCustomer({ stage: 'ACTIVE', version: 3 });
    const after = { ...before, stage: 'AT_RISK', version: 4, stageEnteredAt: NOW.toISOString() };
    const write = customerWrite(change(before, after)).Update;
    expect(write.UpdateExpression).toContain('stage = :stage');
    expect(write.UpdateExpression).toContain('gsi1pk = :gsi1pk');
    expect(write.ExpressionAttributeValues[':gsi1pk']).toBe('MAP#default#STAGE#AT_RISK');
    expect(write.ConditionExpression).toContain('version = :expectedVersion');
    expect(write.ExpressionAttributeValues[':expectedVersion']).toBe(3);
  });

  it('leaves the customer item alone for touchpoints that neither move nor thank it: siblings never contend', () => {
    const customer = aCustomer({ stage: 'ACTIVE' });
    const touchpoint = aTouchpointRecord({ kind: 'FEEDBACK', score: 8, revenue: 10 });
    const built = changeWrites('t', change(customer, customer, { touchpoints: [touchpoint] }), NOW);
    expect(built.writes.map((w) => w.label)).toEqual([`touchpoint:${touchpoint.id}`, `score:${touchpoint.id}`]);
    expect(built.counters).toEqual([]);
  });

  it('re-sorts a loyal customer in the thank-you index when thanked, at the version read', () => {
    const before = aCustomer({ stage: 'LOYAL', customerSince: '2026-01-01T00:00:00.000Z', version: 5 });
    const write = customerWrite(change(before, { ...before, lastThankedAt: '2026-05-30T00:00:00.000Z' })).Update;
    expect(write.ExpressionAttributeValues[':gsi4sk']).toBe(`1#2026-05-30T00:00:00.000Z#${before.id}`);
    expect(write.UpdateExpression).toContain('lastThankedAt = :lastThankedAt');
    expect(write.ConditionExpression).toContain('version = :expectedVersion');
  });

  it('leaves the thank-you index and joins the win-back index on churning', () => {
    const before = aCustomer({ stage: 'LOYAL', version: 5, customerSince: '2026-01-01T00:00:00.000Z' });
    const after = { ...before, stage: 'CHURNED', version: 6, churnReason: 'Price' };
    const write = customerWrite(change(before, after)).Update;
    expect(write.UpdateExpression).toMatch(/REMOVE .*gsi4pk/);
    expect(write.UpdateExpression).toMatch(/REMOVE .*gsi4sk/);
    expect(write.ExpressionAttributeValues[':gsi5pk']).toBe('MAP#default#WIN_BACK');
    expect(write.ExpressionAttributeValues[':churnReason']).toBe('Price');
  });

  it('creates a new customer with its external id claim, both put only if absent', () => {
    const customer = aCustomer();
    const labels = changeWrites('t', change(null, customer), NOW).writes.map((w) => [w.label, w.write.Put?.ConditionExpression]);
    expect(labels).toEqual([
      ['customer', 'attribute_not_exists(pk)'],
      ['externalId', 'attribute_not_exists(pk)'],
    ]);
  });

  it('marks every new transition, and a touchpoint that counts, for the projector; others not', () => {
    const customer = aCustomer();
    const counted = aTouchpointRecord({ id: 'tp_a', cost: 3 });
    const plain = aTouchpointRecord({ id: 'tp_b', kind: 'TRAINING' });
    const built = changeWrites('t', change(customer, customer, { transitions: [aTransition()], touchpoints: [counted, plain] }), NOW);
    const item = (label: string) => built.writes.find((w) => w.label === label)?.write.Put?.Item;
    expect(item('transition:trn_1')?.['gsi6pk']).toMatch(/^MAP#default#UNPROJECTED#[0-3]$/);
    expect(item('touchpoint:tp_a')?.['gsi6sk']).toBe(`${counted.recordedAt}#tp_a`);
    expect(item('touchpoint:tp_b')?.['gsi6pk']).toBeUndefined();
  });
});

describe('stage counters', () => {
  it('add a change net per stage: two moves through ONBOARDING leave it unchanged', () => {
    const customer = aCustomer();
    const moves = [aTransition({ id: 'trn_a' }), aTransition({ id: 'trn_b', version: 3, from: 'ONBOARDING', to: 'ACTIVE' })];
    const { counters } = changeWrites('t', change(customer, customer, { transitions: moves }), NOW);
    expect(counters.map(({ stage, by }) => [stage, by])).toEqual([
      ['PROSPECT', -1],
      ['ACTIVE', 1],
    ]);
  });

  it('merge additions to one shard item across the changes of a transaction (an item may appear once)', () => {
    const key = { pk: 'MAP#default#COUNTER#1', sk: 'STAGE#ACTIVE' };
    const writes = counterWrites('t', [
      { key, stage: 'ACTIVE', by: 1 },
      { key, stage: 'ACTIVE', by: 1 },
      { key: { ...key, sk: 'STAGE#LOYAL' }, stage: 'LOYAL', by: -1 },
      { key: { ...key, sk: 'STAGE#LOYAL' }, stage: 'LOYAL', by: 1 },
    ]);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.write.Update?.ExpressionAttributeValues?.[':by']).toBe(2);
  });
});

describe('packing changes into transactions', () => {
  const withTouchpoints = (n: number, id: string) => {
    const customer = aCustomer({ id });
    const touchpoints: Touchpoint[] = Array.from({ length: n }, (_, i) => aTouchpointRecord({ id: `tp_${id}_${i}`, customerId: id }));
    return changeWrites('t', change(customer, customer, { touchpoints, idempotency: touchpoints.map((t) => record(t.id)) }), NOW);
  };

  it('fills transactions up to 100 items, in order, never splitting a change (each with its map guard)', () => {
    const packs = packChanges([withTouchpoints(30, 'a'), withTouchpoints(15, 'b'), withTouchpoints(10, 'c'), withTouchpoints(1, 'd')]);
    expect(packs.map((pack) => [pack.changes, pack.items])).toEqual([
      [[0, 1], 91],
      [[2, 3], 23],
    ]);
  });

  it('refuses a change that alone exceeds a transaction', () => {
    expect(() => packChanges([withTouchpoints(51, 'a')])).toThrow(/exceeds a transaction/);
  });
});

describe('map guards', () => {
  const guarded = (id: string, version: number) =>
    changeWrites('t', change(aCustomer({ id }), aCustomer({ id }), { map: { ...DEFAULT_MAP, version }, touchpoints: [aTouchpointRecord({ id: `tp_${id}`, customerId: id })] }), NOW).guard;

  it('check the version a change was planned on, a map never updated by the absence of its guard', () => {
    const [v1] = guardWrites('t', [guarded('a', 1)]);
    expect(v1?.write.ConditionCheck).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk) OR version = :version', ExpressionAttributeValues: { ':version': 1 } });
    const [v2] = guardWrites('t', [guarded('a', 2)]);
    expect(v2?.write.ConditionCheck).toMatchObject({ ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': 2 } });
  });

  it('are checked once per map in a transaction; single changes spread over the guard items by their new ids', () => {
    const guards = Array.from({ length: 40 }, (_, i) => guarded(`c${i}`, 3));
    expect(guardWrites('t', guards)).toHaveLength(1);
    expect(guardWrites('t', [...guards, { ...guarded('d', 1), mapId: 'b2b' }])).toHaveLength(2);
    const spread = new Set(guards.map((g) => g.key.pk)).size;
    expect(spread).toBeGreaterThan(1);
    expect(spread).toBeLessThanOrEqual(MAP_GUARD_SHARDS);
  });
});

describe('refusals', () => {
  it('answer a used idempotency key from its record, read from the failed condition', () => {
    const refusal = { index: 0, label: 'idempotency:k', code: 'ConditionalCheckFailed', item: record('k') };
    expect(explainRefusals([refusal], NOW)).toEqual({ status: 'replay', record: record('k') });
  });

  it('treat an expired record, or a condition failed with no item, as stale', () => {
    const expired = { ...record('k'), expiresAt: NOW.getTime() / 1000 - 1 };
    expect(explainRefusals([{ index: 0, label: 'idempotency:k', code: 'ConditionalCheckFailed', item: expired }], NOW)).toEqual({ status: 'stale' });
    expect(explainRefusals([{ index: 0, label: 'customer', code: 'ConditionalCheckFailed', item: undefined }], NOW)).toEqual({ status: 'stale' });
  });

  it('name the customer that holds a taken external id', () => {
    const refusal = { index: 1, label: 'externalId', code: 'ConditionalCheckFailed', item: { customerId: 'cus_9' } };
    expect(explainRefusals([refusal], NOW)).toEqual({ status: 'externalIdTaken', customerId: 'cus_9' });
  });
});

describe('idempotency records', () => {
  it('take a key that is free or expired, never a live one', () => {
    const write = idempotencyWrite('t', record('k'), NOW);
    expect(write.write.Put?.ConditionExpression).toBe('attribute_not_exists(pk) OR expiresAt <= :now');
    expect(write.write.Put?.ExpressionAttributeValues).toEqual({ ':now': NOW.getTime() / 1000 });
  });

  it('are keyed so that no caller or key can reach another record by a "#" in its text', () => {
    expect(idempotencyKey('recordTouchpoint', 'a#b', 'c')).not.toEqual(idempotencyKey('recordTouchpoint', 'a', 'b#c'));
    expect(idempotencyKey('recordTouchpoint', 'a', 'k')).not.toEqual(idempotencyKey('advanceCustomer', 'a', 'k'));
  });
});

describe('projection writes', () => {
  const fact = { id: 'tp_1', customerId: 'cus_1', mapId: 'default', key: { pk: 'CUSTOMER#cus_1', sk: 'TOUCHPOINT#tp_1' } };

  it('count a fact once: only while it is marked, at the customer projection version read', () => {
    const writes = projectionWrites('t', { customerId: 'cus_1', mapId: 'default', facts: [fact], state: { version: 4, partial: null }, insights: [], chunk: 0, chunks: 1, revenueAdded: 12 });
    const byLabel = Object.fromEntries(writes.map((w) => [w.label, w.write]));
    expect(byLabel['fact:tp_1']?.Update?.ConditionExpression).toBe('attribute_exists(gsi6pk)');
    expect(byLabel['fact:tp_1']?.Update?.UpdateExpression).toBe('REMOVE gsi6pk, gsi6sk');
    expect(byLabel['projection']?.Update?.ConditionExpression).toBe('version = :version AND attribute_not_exists(partialFact)');
    expect(byLabel['projection']?.Update?.ExpressionAttributeValues?.[':next']).toBe(5);
    expect(byLabel['revenue']?.Update?.UpdateExpression).toBe('ADD lifetimeRevenue :revenue');
  });

  it('split a fact too large for one transaction into steps that record their progress', () => {
    const first = projectionWrites('t', { customerId: 'cus_1', mapId: 'default', facts: [fact], state: { version: 0, partial: null }, insights: [], chunk: 0, chunks: 2, revenueAdded: 5 });
    const byLabel = Object.fromEntries(first.map((w) => [w.label, w.write]));
    expect(byLabel['fact:tp_1']?.ConditionCheck?.ConditionExpression).toBe('attribute_exists(gsi6pk)');
    expect(byLabel['projection']?.Update?.ExpressionAttributeValues).toMatchObject({ ':fact': fact, ':done': 1 });
    expect(byLabel['revenue']).toBeUndefined();
    const second = projectionWrites('t', { customerId: 'cus_1', mapId: 'default', facts: [fact], state: { version: 0, partial: { fact, chunksDone: 1 } }, insights: [], chunk: 1, chunks: 2, revenueAdded: 5 });
    const last = Object.fromEntries(second.map((w) => [w.label, w.write]));
    expect(last['projection']?.Update?.ConditionExpression).toContain('partialFact.id = :factId AND chunksDone = :chunk');
    expect(last['fact:tp_1']?.Update?.UpdateExpression).toBe('REMOVE gsi6pk, gsi6sk');
  });

  it('add each day counters once and keep a reason as first written', () => {
    const writes = insightWrites('t', 'default', [{ period: '2026-06-01', add: { 't||PROSPECT': 1 }, keepFirst: { 'n|x': 'X' } }], 'seed');
    const write = writes[0]?.write.Update;
    expect(writes).toHaveLength(1);
    expect(write?.UpdateExpression).toContain('if_not_exists(#f0, :f0)');
    expect(write?.UpdateExpression).toContain('ADD #a0 :a0');
    expect(write?.ExpressionAttributeNames).toMatchObject({ '#a0': 't||PROSPECT', '#f0': 'n|x' });
    expect(String(write?.Key?.['pk'])).toMatch(/^MAP#default#INSIGHTS#2026-06-01#[0-3]$/);
  });
});

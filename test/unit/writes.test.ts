import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import type { Customer } from '../../src/domain/records';
import { customerUpdate, idempotencyWrite, insightWrites, type CustomerChange } from '../../src/store/writes';
import { aCustomer } from '../support/builders';

const NOW = new Date('2026-06-01T09:00:00.000Z');
const change = (before: Customer, after: Customer, extra: Partial<CustomerChange> = {}): CustomerChange => ({
  map: DEFAULT_MAP,
  before,
  after,
  guardVersion: false,
  guardFacts: false,
  transition: null,
  touchpoint: null,
  revenueAdded: 0,
  insights: [],
  resolves: null,
  idempotency: null,
  now: NOW,
  ...extra,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading the built request
const update = (c: CustomerChange): any => customerUpdate('t', c)[0]?.write.Update;

describe('the customer part of a change', () => {
  it('moves the stage and its index keys only at the version read', () => {
    const before = aCustomer({ stage: 'ACTIVE', version: 3 });
    const after = { ...before, stage: 'AT_RISK', version: 4, stageEnteredAt: NOW.toISOString() };
    const write = update(change(before, after));
    expect(write.UpdateExpression).toContain('stage = :stage');
    expect(write.UpdateExpression).toContain('gsi1pk = :gsi1pk');
    expect(write.ExpressionAttributeValues[':gsi1pk']).toBe('MAP#default#STAGE#AT_RISK');
    expect(write.ConditionExpression).toContain('version = :expectedVersion');
    expect(write.ExpressionAttributeValues[':expectedVersion']).toBe(3);
  });

  it('adds revenue without locking the version, so concurrent touchpoints do not contend', () => {
    const before = aCustomer({ stage: 'ACTIVE' });
    const write = update(change(before, { ...before, lifetimeRevenue: 10 }, { revenueAdded: 10 }));
    expect(write.UpdateExpression).toBe('ADD lifetimeRevenue :revenueAdded');
    expect(write.ConditionExpression).toBe('attribute_exists(pk)');
  });

  it('moves a newer latest score only if no newer one landed first', () => {
    const before = aCustomer({ latestScore: 7, latestScoreAt: '2026-05-01T00:00:00.000Z' });
    const write = update(change(before, { ...before, latestScore: 3, latestScoreAt: '2026-05-02T00:00:00.000Z' }));
    expect(write.ConditionExpression).toContain('latestScoreAt < :latestScoreAt');
    expect(write.ConditionExpression).not.toContain('version');
  });

  it('re-sorts a loyal customer in the thank-you index when thanked, at the version read', () => {
    const before = aCustomer({ stage: 'LOYAL', customerSince: '2026-01-01T00:00:00.000Z', version: 5 });
    const write = update(change(before, { ...before, lastThankedAt: '2026-05-30T00:00:00.000Z' }));
    expect(write.ExpressionAttributeValues[':gsi4sk']).toBe(`1#2026-05-30T00:00:00.000Z#${before.id}`);
    expect(write.ConditionExpression).toContain('lastThankedAt < :lastThankedAt');
    expect(write.ConditionExpression).toContain('version = :expectedVersion');
  });

  it('leaves the thank-you index and joins the win-back index on churning', () => {
    const before = aCustomer({ stage: 'LOYAL', version: 5, customerSince: '2026-01-01T00:00:00.000Z' });
    const after = { ...before, stage: 'CHURNED', version: 6, churnReason: 'Price' };
    const write = update(change(before, after));
    expect(write.UpdateExpression).toMatch(/REMOVE .*gsi4pk/);
    expect(write.UpdateExpression).toMatch(/REMOVE .*gsi4sk/);
    expect(write.ExpressionAttributeValues[':gsi5pk']).toBe('MAP#default#WIN_BACK');
    expect(write.ExpressionAttributeValues[':churnReason']).toBe('Price');
  });

  it('writes nothing when nothing changes and nothing is to be checked', () => {
    const customer = aCustomer();
    expect(customerUpdate('t', change(customer, customer))).toEqual([]);
    expect(customerUpdate('t', change(customer, customer, { guardVersion: true }))[0]?.write.ConditionCheck).toBeDefined();
  });
});

describe('insight and idempotency writes', () => {
  it('add each day counters once and keep a reason as first written', () => {
    const writes = insightWrites('t', 'default', [{ period: '2026-06-01', add: { 't||PROSPECT': 1 }, keepFirst: { 'n|x': 'X' } }], 'seed');
    const write = writes[0]?.write.Update;
    expect(writes).toHaveLength(1);
    expect(write?.UpdateExpression).toContain('if_not_exists(#f0, :f0)');
    expect(write?.UpdateExpression).toContain('ADD #a0 :a0');
    expect(write?.ExpressionAttributeNames).toMatchObject({ '#a0': 't||PROSPECT', '#f0': 'n|x' });
    expect(String(write?.Key?.['pk'])).toMatch(/^MAP#default#INSIGHTS#2026-06-01#[0-3]$/);
  });

  it('take an idempotency key that is free or expired, never a live one', () => {
    const [write] = idempotencyWrite('t', { scope: 's', key: 'k', requestHash: 'h', result: '{}', createdAt: NOW.toISOString(), expiresAt: 1 }, NOW);
    expect(write?.write.Put?.ConditionExpression).toBe('attribute_not_exists(pk) OR expiresAt <= :now');
    expect(write?.write.Put?.ExpressionAttributeValues).toEqual({ ':now': NOW.getTime() / 1000 });
  });
});

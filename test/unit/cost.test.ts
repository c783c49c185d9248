import { buildSchema, getNamedType, isCompositeType, isObjectType, parse } from 'graphql';
import { operationCost } from '../../src/graphql/cost';
import { typeDefs } from '../../src/graphql/generated/typeDefs';
import { QUERY_LIMITS } from '../../src/graphql/limits';
import { PRICES } from '../../src/graphql/prices';

const schema = buildSchema(typeDefs);
const NOW = new Date('2026-06-01T09:00:00.000Z');
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const estimate = operationCost(schema, parse(query), variables, undefined, NOW);
  if (!estimate) throw new Error('no estimate');
  return { objects: estimate.objects, requests: Math.round(estimate.requests * 100) / 100 };
};
const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('DynamoDB request prices', () => {
  it('price every field that returns an object, so a new one cannot read for free', () => {
    const unpriced = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) => Object.values(isObjectType(type) ? type.getFields() : {}).map((field) => ({ type, field })))
      .filter(({ field }) => isCompositeType(getNamedType(field.type)))
      .map(({ type, field }) => `${type.name}.${field.name}`)
      .filter((name) => PRICES[name] === undefined);
    expect(unpriced).toEqual([]);
  });

  it.each([
    ['a map', '{ lifecycleMap { id name stages { key customerCount } } }', 0.11],
    ['one customer with its journey', '{ customer(id: "c") { name journey { at touchpoint { id } } } }', 1.26],
    ['a page of one stage', '{ customers(stage: "ACTIVE") { edges { node { id } } } }', 1],
    ['a page across every stage', '{ customers { edges { node { id } } } }', 10],
    ['a stage counted from its counters', '{ atRiskCustomers(first: 1) { totalCount } }', 1.01],
    ['a work list counted by COUNT queries', '{ staleCustomers(stage: "ONBOARDING", first: 1) { totalCount } }', 51],
    ['totalCount asked through a fragment', 'query { staleCustomers(stage: "ONBOARDING", first: 1) { ...n } } fragment n on CustomerConnection { totalCount }', 51],
    ['the default 90-day insights window (95 periods x 4 keys, and 4 shards of how far the projector got)', '{ insights { spend { revenue } } }', 8.01],
    ['a 366-day insights window (380 periods x 4 keys, and 4 shards of how far the projector got)', '{ insights(from: "2025-06-01T00:00:00Z", to: "2026-06-01T00:00:00Z") { spend { revenue } } }', 20.01],
    ['a mutation', 'mutation { createCustomer(input: { externalId: "x", name: "x" }) { customer { id } } }', 10],
    [
      'a batch of 3 touchpoints',
      'mutation { recordTouchpoints(input: { items: [{ customerId: "a", team: MARKETING, channel: EMAIL, kind: FEEDBACK }, { customerId: "b", team: MARKETING, channel: EMAIL, kind: FEEDBACK }, { customerId: "c", team: MARKETING, channel: EMAIL, kind: FEEDBACK }] }) { recorded } }',
      8,
    ],
    ['a customer by its externalId', '{ customerByExternalId(externalId: "x") { id } }', 1.01],
    ['a page of 100 customers with their latest score', '{ customers(stage: "ACTIVE", first: 100) { edges { node { latestScore } } } }', 101],
  ])('price %s', (_, query, requests) => {
    expect(cost(query).requests).toBe(requests);
  });

  it('count variables and the default page size', () => {
    const query = 'query($n: Int) { customers(stage: "ACTIVE", first: $n) { edges { node { journey { id } } } } }';
    expect(cost(query, { n: 100 }).requests).toBe(101);
    expect(cost(query, {}).requests).toBe(21);
  });

  it('answer the deepest legitimate query at default page sizes, within both limits', () => {
    const deepest = cost('{ lifecycleMap { stages { customers { edges { node { journey { touchpoint { band { key } } } } } } } } }');
    expect(deepest).toEqual({ objects: 15_611, requests: 260.01 });
    expect(deepest.requests).toBeLessThanOrEqual(QUERY_LIMITS.maxDynamoDbRequests);
  });

  it.each([
    ['15 aliased work-list counts', aliased(15, 'staleCustomers(stage: "ONBOARDING", first: 1) { totalCount }'), 765],
    [
      '15 aliased pages of 100 customers with their last move and touchpoint count',
      aliased(15, 'customers(first: 100) { edges { node { lastTransition { at } touchpoints(first: 1) { totalCount } } } }'),
      3165,
    ],
    ['15 aliased 366-day insights', aliased(15, 'insights(from: "2025-06-01T00:00:00Z", to: "2026-06-01T00:00:00Z") { spend { revenue } }'), 300.15],
  ])('refuse %s by the DynamoDB budget alone', (_, query, requests) => {
    const estimate = cost(query);
    expect(estimate.requests).toBe(requests);
    expect(estimate.requests).toBeGreaterThan(QUERY_LIMITS.maxDynamoDbRequests);
    expect(estimate.objects).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
  });
});

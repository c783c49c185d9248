import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { operationCost } from '../../src/graphql/cost';
import { typeDefs } from '../../src/graphql/generated/typeDefs';
import { LIMIT_MESSAGES, QUERY_LIMITS } from '../../src/graphql/limits';
import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});

const schema = buildSchema(typeDefs);
/** Both estimates of a query, as the server makes them: the tests below show which limit alone refuses a query. */
const estimate = (query: string, variables: Record<string, unknown> = {}) => {
  const cost = operationCost(schema, parse(query), variables, undefined, api.table.clock.now());
  if (!cost) throw new Error('no estimate');
  return { objects: cost.objects, requests: Math.round(cost.requests * 100) / 100 };
};
const withinCost = (query: string, variables?: Record<string, unknown>) => {
  const cost = estimate(query, variables);
  expect(cost.objects).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
  expect(cost.requests).toBeLessThanOrEqual(QUERY_LIMITS.maxDynamoDbRequests);
};
const refusedBy = (response: Awaited<ReturnType<TestApi['send']>>, message: string) => {
  expectRefusedWithoutLimits(response, 'QUERY_TOO_COMPLEX');
  expect(response.json.errors[0].message).toBe(message);
};

const codes = (json: { errors?: { extensions?: { code?: string } }[] }) => (json.errors ?? []).map((e) => e.extensions?.code);
const LIMIT_NUMBERS = [String(QUERY_LIMITS.maxDepth), String(QUERY_LIMITS.maxAliases), String(QUERY_LIMITS.maxDirectives), '2000', '20000', String(QUERY_LIMITS.maxDynamoDbRequests)];

function expectRefusedWithoutLimits(response: Awaited<ReturnType<TestApi['send']>>, code: string) {
  expect(response.status).toBe(400);
  expect(codes(response.json)).toEqual([code]);
  for (const number of LIMIT_NUMBERS) expect(response.json.errors[0].message).not.toContain(number);
}

describe('query limits', () => {
  it('answers the deepest legitimate query (9 levels)', async () => {
    const response = await api.graphql(
      `{ lifecycleMap { stages { customers { edges { node { journey { touchpoint { band { key } } } } } } } } }`,
    );
    expect(response.status).toBe(200);
    expect(response.json.errors).toBeUndefined();
  });

  it('answers a query 12 deep and refuses one 13 deep by the depth limit alone', async () => {
    // customer > lastTransition > touchpoint > customer ...: each level one loaded key, well within both cost limits.
    const deep = (levels: number) => {
      const path = ['customer(id: "c")', 'lastTransition', 'touchpoint', 'customer', 'lastTransition', 'touchpoint', 'customer', 'lastTransition', 'touchpoint', 'customer', 'lastTransition', 'touchpoint'];
      const fields = path.slice(0, levels - 1);
      return `{ ${fields.map((field) => `${field} {`).join(' ')} __typename ${fields.map(() => '}').join(' ')} }`.replace('__typename', levels === 12 ? 'at' : 'id');
    };
    withinCost(deep(13));
    const answered = await api.graphql(deep(12));
    expect(answered.status).toBe(200);
    expect(answered.json.errors).toBeUndefined();
    refusedBy(await api.graphql(deep(13)), LIMIT_MESSAGES.depth);
  });

  it('allows 15 aliases and refuses 16 by the alias limit alone', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `m${i}: lifecycleMap { id }`).join(' ')} }`;
    withinCost(aliased(16));
    expect((await api.graphql(aliased(15))).json.errors).toBeUndefined();
    refusedBy(await api.graphql(aliased(16)), LIMIT_MESSAGES.aliases);
  });

  it('allows 50 directives and refuses 51 by the directive limit alone', async () => {
    const directed = (n: number) =>
      `{ lifecycleMap { ${'... @include(if: true) { id } '.repeat(n)} } }`;
    withinCost(directed(51));
    expect((await api.graphql(directed(50))).json.errors).toBeUndefined();
    refusedBy(await api.graphql(directed(51)), LIMIT_MESSAGES.directives);
  });

  it('answers 20,000 objects and refuses 20,001 by the object limit alone', async () => {
    // (3 + 3 x 100) x 66 = 19,998 objects, plus one per map read; DynamoDB: 1 + 66 pages of touchpoints.
    const query = (maps: number) =>
      `{ customers(stage: "ONBOARDING", first: 66) { edges { node { touchpoints(first: 100) { edges { node { id } } } } } } ${Array.from({ length: maps }, (_, i) => `m${i}: lifecycleMap { id }`).join(' ')} }`;
    expect(estimate(query(2))).toEqual({ objects: QUERY_LIMITS.maxCost, requests: 67.02 });
    expect(estimate(query(3)).objects).toBe(QUERY_LIMITS.maxCost + 1);
    expect((await api.graphql(query(2))).json.errors).toBeUndefined();
    refusedBy(await api.graphql(query(3)), LIMIT_MESSAGES.cost);
  });

  it('answers 300 DynamoDB requests and refuses 300.01 by the DynamoDB budget alone', async () => {
    // 5 work-list counts (1 page + 50 COUNT pages each), 44 journeys and their page, then one more loaded key.
    const counts = Array.from({ length: 5 }, (_, i) => `s${i}: staleCustomers(stage: "ONBOARDING", first: 1) { totalCount }`).join(' ');
    const query = (extra: string) => `{ ${counts} customers(stage: "ONBOARDING", first: 44) { edges { node { journey { id } } } } ${extra} }`;
    expect(estimate(query(''))).toEqual({ objects: 1_237, requests: QUERY_LIMITS.maxDynamoDbRequests });
    expect(estimate(query('lifecycleMap { id }')).requests).toBe(QUERY_LIMITS.maxDynamoDbRequests + 0.01);
    expect((await api.graphql(query(''))).json.errors).toBeUndefined();
    refusedBy(await api.graphql(query('lifecycleMap { id }')), LIMIT_MESSAGES.budget);
  });

  it.each([
    ['15 aliased work-list counts', 'staleCustomers(stage: "ONBOARDING", first: 1) { totalCount }'],
    ['15 aliased pages of customers with their last move and touchpoint count', 'customers(first: 100) { edges { node { lastTransition { at } touchpoints(first: 1) { totalCount } } } }'],
    ['15 aliased pages of customers with their journeys', 'customers(first: 30) { edges { node { journey { at } } } }'],
    ['15 aliased 366-day insights', 'insights(from: "2025-06-01T00:00:00Z", to: "2026-06-01T00:00:00Z") { spend { revenue } }'],
  ])('refuses %s by the DynamoDB budget, before reading', async (_, field) => {
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    expect(estimate(query).objects).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    refusedBy(await api.graphql(query), LIMIT_MESSAGES.budget);
  });

  it('refuses a document of more than 2,000 tokens', async () => {
    expectRefusedWithoutLimits(await api.graphql(`{ lifecycleMap { ${'id '.repeat(2100)} } }`), 'QUERY_TOO_COMPLEX');
  });

  it('counts list fields by their first, literal or variable, and by the default page size', async () => {
    const query = 'query($n: Int, $m: Int) { customers(stage: "ACTIVE", first: $n) { edges { node { touchpoints(first: $m) { edges { node { id } } } } } } }';
    expect((await api.graphql(query, { n: 20, m: 20 })).json.errors).toBeUndefined();
    refusedBy(await api.graphql(query, { n: 100, m: 100 }), LIMIT_MESSAGES.cost);
    const literal = '{ customers(stage: "ACTIVE", first: 100) { edges { node { touchpoints(first: 100) { edges { node { id } } } } } } }';
    refusedBy(await api.graphql(literal), LIMIT_MESSAGES.cost);
  });

  it('refuses batched requests', async () => {
    const response = await api.send(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
    expect(codes(response.json)).toEqual(['BAD_REQUEST']);
  });

  it('refuses a body over 256 KiB with 413, and takes one just under', async () => {
    const padded = (size: number) => {
      const body = JSON.stringify({ query: '{ lifecycleMap { id } }', variables: { pad: '' } });
      return JSON.stringify({ query: '{ lifecycleMap { id } }', variables: { pad: 'x'.repeat(size - body.length) } });
    };
    const over = await api.send(padded(QUERY_LIMITS.maxBodyBytes + 1));
    expect(over.status).toBe(413);
    expect(codes(over.json)).toEqual(['PAYLOAD_TOO_LARGE']);
    const under = await api.send(padded(QUERY_LIMITS.maxBodyBytes));
    expect(under.status).toBe(200);
  });

  it('shows field suggestions outside production', async () => {
    const response = await api.graphql('{ lifecycleMap { stagez { key } } }');
    expect(response.status).toBe(400);
    expect(codes(response.json)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.json.errors[0].message).toContain('Did you mean "stages"');
  });
});

describe('introspection', () => {
  it("answers GraphiQL's schema query where introspection is on: it reads the schema in memory, not DynamoDB", async () => {
    const response = await api.graphql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true }));
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.__schema.queryType.name).toBe('Query');
  });
});

describe('unexpected errors', () => {
  it('reach the client as INTERNAL_SERVER_ERROR with the request id its log line carries, and no details', async () => {
    const broken = await startApi({ TABLE_NAME: 'no-such-table' });
    const response = await broken.graphql('{ lifecycleMap { id } }');
    expect(response.status).toBe(200);
    const [error] = response.json.errors;
    expect(error).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(response.text).not.toMatch(/ResourceNotFound|no-such-table|stacktrace|\n\s+at /);
    const requestId = error.extensions.requestId;
    expect(requestId).toMatch(/^req-/);
    const logged = broken.logLines.find((line) => line['level'] === 'error' && line['requestId'] === requestId);
    expect(logged?.['err']).toBeDefined();
    const summary = broken.logLines.find((line) => line['msg'] === 'graphql request' && line['requestId'] === requestId);
    expect(summary?.['errorCodes']).toEqual(['INTERNAL_SERVER_ERROR']);
  });
});

describe('logs', () => {
  it('write one line per request with id, operation, caller, duration and codes, and no personal data', async () => {
    const before = api.logLines.length;
    const created = await api.graphql(
      `mutation NewCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`,
      { input: { externalId: 'log-1', name: 'Katherine Johnson', email: 'katherine@example.com' } },
      { role: 'marketing' },
    );
    const id = created.json.data.createCustomer.customer.id;
    await api.graphql(
      `mutation Note($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id } } }`,
      { input: { customerId: id, team: 'MARKETING', channel: 'PHONE', kind: 'FEEDBACK', note: 'Katherine prefers calls', score: 11 } },
      { role: 'marketing' },
    );
    const lines = api.logLines.slice(before);
    const summaries = lines.filter((line) => line['msg'] === 'graphql request');
    expect(summaries).toHaveLength(2);
    expect(summaries[0]).toMatchObject({ operationName: 'NewCustomer', sub: 'sub-marketing', roles: ['marketing'], errorCodes: [] });
    expect(summaries[1]).toMatchObject({ operationName: 'Note', errorCodes: ['BAD_USER_INPUT'] });
    for (const summary of summaries) {
      expect(typeof summary['requestId']).toBe('string');
      expect(typeof summary['durationMs']).toBe('number');
    }
    const text = JSON.stringify(lines);
    for (const personal of ['Katherine', 'katherine@example.com', 'prefers calls']) expect(text).not.toContain(personal);
  });
});

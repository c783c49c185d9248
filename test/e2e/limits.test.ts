import { QUERY_LIMITS } from '../../src/graphql/limits';
import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});

const codes = (json: { errors?: { extensions?: { code?: string } }[] }) => (json.errors ?? []).map((e) => e.extensions?.code);
const LIMIT_NUMBERS = [String(QUERY_LIMITS.maxDepth), String(QUERY_LIMITS.maxAliases), String(QUERY_LIMITS.maxDirectives), '2000', '20000'];

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

  it('refuses a query nested past the depth limit', async () => {
    const deep = `{ customers { edges { node { stage { customers { edges { node { stage { customers { edges { node { id } } } } } } } } } } } }`;
    expectRefusedWithoutLimits(await api.graphql(deep), 'QUERY_TOO_COMPLEX');
  });

  it('allows 15 aliases and refuses 16', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `m${i}: lifecycleMap { id }`).join(' ')} }`;
    expect((await api.graphql(aliased(15))).json.errors).toBeUndefined();
    expectRefusedWithoutLimits(await api.graphql(aliased(16)), 'QUERY_TOO_COMPLEX');
  });

  it('allows 50 directives and refuses 51', async () => {
    const directed = (n: number) =>
      `{ lifecycleMap { ${'... @include(if: true) { id } '.repeat(n)} } }`;
    expect((await api.graphql(directed(50))).json.errors).toBeUndefined();
    expectRefusedWithoutLimits(await api.graphql(directed(51)), 'QUERY_TOO_COMPLEX');
  });

  it('refuses a document of more than 2,000 tokens', async () => {
    expectRefusedWithoutLimits(await api.graphql(`{ lifecycleMap { ${'id '.repeat(2100)} } }`), 'QUERY_TOO_COMPLEX');
  });

  it('counts list fields by their first, literal or variable, and by the default page size', async () => {
    const query = 'query($n: Int, $m: Int) { customers(first: $n) { edges { node { touchpoints(first: $m) { edges { node { id } } } } } } }';
    expect((await api.graphql(query, { n: 20, m: 20 })).json.errors).toBeUndefined();
    expectRefusedWithoutLimits(await api.graphql(query, { n: 100, m: 100 }), 'QUERY_TOO_COMPLEX');
    const literal = '{ customers(first: 100) { edges { node { touchpoints(first: 100) { edges { node { id } } } } } } }';
    expectRefusedWithoutLimits(await api.graphql(literal), 'QUERY_TOO_COMPLEX');
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

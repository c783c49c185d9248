import { startApi, type RequestOptions, type TestApi } from '../support/api';

/**
 * A corpus of malformed and hostile requests. Each answer must carry an allowed HTTP status and error code, and
 * none may be a 500, carry a stack trace, or echo the personal data the request carried.
 */
let api: TestApi;
let customerId: string;
const PERSONAL = ['Ada Lovelace', 'ada.lovelace@example.com', 'Secret note about Ada'];

beforeAll(async () => {
  api = await startApi();
  const created = await api.graphql(`mutation { createCustomer(input: { externalId: "m-1", name: "Ada" }) { customer { id } } }`);
  customerId = created.json.data.createCustomer.customer.id;
});

// 405: a mutation over GET; 415: a body that is not JSON (CSRF prevention). Both are the right HTTP answers.
const ALLOWED_STATUS = [200, 400, 401, 405, 413, 415];
const ALLOWED_CODES = [
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'QUERY_TOO_COMPLEX',
  'PAYLOAD_TOO_LARGE',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'METHOD_NOT_ALLOWED',
];

type Case = [name: string, body: () => string | undefined, options: RequestOptions];
const json = (value: unknown) => () => JSON.stringify(value);
const TOUCH = `mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id } } }`;
const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`;
const touch = (input: Record<string, unknown>) =>
  json({ query: TOUCH, variables: { input: { customerId: () => customerId, team: 'OPERATIONS', channel: 'EMAIL', kind: 'FEEDBACK', ...input } } });
const touchFor = (input: Record<string, unknown>) => () =>
  JSON.stringify({ query: TOUCH, variables: { input: { customerId, team: 'OPERATIONS', channel: 'EMAIL', kind: 'FEEDBACK', ...input } } });
const create = (input: Record<string, unknown>) => json({ query: CREATE, variables: { input: { externalId: 'x', name: 'n', ...input } } });
const none: RequestOptions = {};
const nested = (depth: number) => `{ customers { edges { node { ${'stage { customers { edges { node { '.repeat(depth)}id${' } } } }'.repeat(depth)} } } } }`;

const corpus: Case[] = [
  // Bodies that are not a GraphQL request
  ['invalid JSON', () => '{"query": ', none],
  ['JSON with a trailing comma', () => '{"query":"{ __typename }",}', none],
  ['a JSON string', json('{ __typename }'), none],
  ['a JSON number', () => '42', none],
  ['JSON null', () => 'null', none],
  ['an empty object', json({}), none],
  ['no body', () => undefined, none],
  ['an empty body', () => '', none],
  ['a batched request', json([{ query: '{ __typename }' }, { query: '{ __typename }' }]), none],
  ['query as a number', json({ query: 42 }), none],
  ['query as an object', json({ query: { a: 1 } }), none],
  ['variables as a string', json({ query: '{ __typename }', variables: 'Ada Lovelace' }), none],
  ['variables as an array', json({ query: '{ __typename }', variables: ['Ada Lovelace'] }), none],
  ['operationName as a number', json({ query: '{ __typename }', operationName: 5 }), none],
  ['an unknown operationName', json({ query: 'query A { __typename }', operationName: 'B' }), none],
  ['extensions as a string', json({ query: '{ __typename }', extensions: 'x' }), none],
  ['a persisted-query hash only', json({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }), none],
  ['a text/plain body without preflight header', () => '{ __typename }', { headers: { 'content-type': 'text/plain' } }],
  ['a form-encoded body', () => 'query=%7B__typename%7D', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
  ['an invalid base64 body', () => '%%%not-base64%%%', { isBase64Encoded: true }],
  ['a GET without preflight header (CSRF)', () => undefined, { method: 'GET', rawQueryString: 'query=%7B__typename%7D', headers: { 'content-type': '' } }],
  ['a GET mutation', () => undefined, { method: 'GET', rawQueryString: 'query=mutation%7B__typename%7D', headers: { 'apollo-require-preflight': '1' } }],
  // Documents that do not parse or validate
  ['a syntax error', json({ query: '{ customers { ' }), none],
  ['an unterminated string holding personal data', json({ query: '{ customer(id: "Ada Lovelace) { id } }' }), none],
  ['a bare name holding personal data', json({ query: 'Ada Lovelace' }), none],
  ['an unknown field', json({ query: '{ customerz { id } }' }), none],
  ['a selection on a scalar', json({ query: '{ lifecycleMap { id { x } } }' }), none],
  ['a missing selection', json({ query: '{ lifecycleMap }' }), none],
  ['an unknown argument', json({ query: '{ customers(limit: 5) { totalCount } }' }), none],
  ['a literal of the wrong type', json({ query: '{ customers(first: "Ada Lovelace") { totalCount } }' }), none],
  ['an unknown enum literal', json({ query: '{ customer(id: "x") { touchpoints(team: SALES) { pageInfo { hasNextPage } } } }' }), none],
  ['an undeclared variable', json({ query: '{ customer(id: $id) { id } }' }), none],
  ['a subscription', json({ query: 'subscription { customers { totalCount } }' }), none],
  ['two anonymous operations', json({ query: '{ __typename } { __typename }' }), none],
  // Variables of the wrong shape
  ['input as a string', json({ query: CREATE, variables: { input: 'Ada Lovelace' } }), none],
  ['a required field missing', json({ query: CREATE, variables: { input: { name: 'Ada Lovelace' } } }), none],
  ['name as a number', create({ name: 12345 }), none],
  ['email as an object holding personal data', create({ email: { address: 'ada.lovelace@example.com' } }), none],
  ['an unknown input field', create({ nickname: 'Ada Lovelace' }), none],
  ['an unknown team', touchFor({ team: 'SALES' }), none],
  ['an unknown channel', touchFor({ channel: 'PIGEON' }), none],
  ['an unknown kind', touchFor({ kind: 'Ada Lovelace' }), none],
  ['a lower-case enum', touchFor({ team: 'operations' }), none],
  ['score as a string', touchFor({ score: 'ten' }), none],
  ['score as a float', touchFor({ score: 7.5 }), none],
  ['score above 32 bits', touchFor({ score: 2 ** 40 }), none],
  ['score 0', touchFor({ score: 0 }), none],
  ['score 11', touchFor({ score: 11 }), none],
  ['score -3', touchFor({ score: -3 }), none],
  ['negative revenue', touchFor({ revenue: -10 }), none],
  ['revenue as a string', touchFor({ revenue: 'lots' }), none],
  ['a huge cost', touchFor({ cost: 1e300 }), none],
  ['occurredAt not a date', touchFor({ occurredAt: 'Ada Lovelace' }), none],
  ['occurredAt without time', touchFor({ occurredAt: '2026-05-01' }), none],
  ['occurredAt as a number', touchFor({ occurredAt: 1714521600 }), none],
  ['occurredAt in the future', touchFor({ occurredAt: '2999-01-01T00:00:00Z' }), none],
  ['occurredAt before 2000', touchFor({ occurredAt: '1970-01-01T00:00:00Z' }), none],
  ['a note over 2,000 characters', touchFor({ note: `Secret note about Ada ${'x'.repeat(2000)}` }), none],
  ['a note with control characters', touchFor({ note: 'Secret note about Ada\u0000\u0007' }), none],
  ['a name over 200 characters', create({ name: `Ada Lovelace ${'y'.repeat(200)}` }), none],
  ['a name with a line break', create({ name: 'Ada\nLovelace' }), none],
  ['a name of spaces', create({ name: '     ' }), none],
  ['a malformed email', create({ email: 'ada.lovelace-at-example.com' }), none],
  ['an idempotency key over 200 characters', create({ idempotencyKey: 'k'.repeat(201) }), none],
  ['an unknown customer', json({ query: TOUCH, variables: { input: { customerId: 'cus_none', team: 'OPERATIONS', channel: 'EMAIL', kind: 'FEEDBACK' } } }), none],
  ['a forged cursor', json({ query: '{ customers(after: "eyJwayI6IkFkYSJ9") { totalCount } }' }), none],
  ['a cursor that is not base64', json({ query: '{ customers(after: "%%%") { totalCount } }' }), none],
  ['first 0', json({ query: '{ customers(first: 0) { totalCount } }' }), none],
  ['first 101', json({ query: '{ customers(first: 101) { totalCount } }' }), none],
  ['first negative', json({ query: '{ customers(first: -1) { totalCount } }' }), none],
  ['an unknown stage', json({ query: '{ customers(stage: "Ada Lovelace") { totalCount } }' }), none],
  ['an unknown map', json({ query: '{ customers(mapId: "nope") { totalCount } }' }), none],
  // Tokens
  ['no token', json({ query: '{ __typename }' }), { token: null }],
  ['a garbage token', json({ query: '{ __typename }' }), { token: 'Ada.Lovelace.x' }],
  ['a token in the wrong scheme', json({ query: '{ __typename }' }), { token: null, headers: { authorization: 'Token abc' } }],
  ['a header of 8 KiB', json({ query: '{ __typename }' }), { token: 'a'.repeat(8192) }],
  // Over the limits
  ['a body over 256 KiB', json({ query: `{ __typename } # ${'x'.repeat(270_000)}` }), none],
  ['too deep', json({ query: nested(4) }), none],
  ['too many aliases', json({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: lifecycleMap { id }`).join(' ')} }` }), none],
  ['too many aliases of __typename', json({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }` }), none],
  ['too many directives', json({ query: `{ __typename ${'@include(if: true) '.repeat(51)} }` }), none],
  ['too many tokens', json({ query: `{ ${'__typename '.repeat(2100)} }` }), none],
  ['too costly', json({ query: '{ customers(first: 100) { edges { node { touchpoints(first: 100) { edges { node { id } } } } } } }' }), none],
  ['too costly through variables', json({
    query: 'query($n: Int) { customers(first: $n) { edges { node { touchpoints(first: $n) { edges { node { id } } } } } } }',
    variables: { n: 100 },
  }), none],
  ['two named operations and no operationName', json({ query: 'query A { __typename } query B { __typename }' }), none],
];

// customerId is only known after set-up: resolve lazily in the one place it is used as a function.
void touch;

it('holds at least 60 malformed requests', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(60);
});

describe('malformed requests', () => {
  it.each(corpus)('%s: an allowed status and code, no 500, no stack, no personal data', async (_, body, options) => {
    const response = await api.send(body(), options);
    expect(ALLOWED_STATUS).toContain(response.status);
    expect(response.json).toBeDefined();
    const errors: { message: string; extensions?: { code?: string } }[] = response.json.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(ALLOWED_CODES).toContain(error.extensions?.code);
    expect(response.text).not.toMatch(/stacktrace|\n\s+at |\.ts:\d+|node_modules/);
    for (const personal of PERSONAL) expect(response.text).not.toContain(personal);
  });

  it('wrote nothing for any of them', async () => {
    const read = await api.graphql(`query($id: ID!) { customer(id: $id) { touchpoints(first: 100) { edges { cursor } } journey { id } } }`, { id: customerId });
    expect(read.json.data.customer.touchpoints.edges).toEqual([]);
    expect(read.json.data.customer.journey).toHaveLength(1);
    expect((await api.graphql(`{ customers { totalCount } }`)).json.data.customers.totalCount).toBe(1);
  });
});

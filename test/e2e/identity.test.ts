import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, getNamedType, isCompositeType, isNonNullType, isScalarType, type GraphQLField } from 'graphql';
import { importJWK, SignJWT } from 'jose';
import { typeDefs } from '../../src/graphql/generated/typeDefs';
import { startApi, type TestApi } from '../support/api';

const schema = buildSchema(typeDefs);

/** A request for a root field with made-up values for its required arguments: enough to reach its resolver. */
function rootRequest(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args
    .filter((arg) => isNonNullType(arg.type))
    .map((arg) => {
      const type = getNamedType(arg.type);
      if (isScalarType(type)) return type.name === 'Int' ? `${arg.name}: 1` : `${arg.name}: "x"`;
      // Inputs: every required field of the input, as a variable-free literal.
      return `${arg.name}: ${inputLiteral(type.name)}`;
    });
  // A batch answers per item: its items' refusals are selected too.
  const selection = field.name === 'recordTouchpoints' ? '{ recorded results { error { code } } }' : isCompositeType(getNamedType(field.type)) ? '{ __typename }' : '';
  return `${operation} { ${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''} ${selection} }`;
}

const INPUTS: Record<string, string> = {
  CreateCustomerInput: '{ externalId: "x", name: "x" }',
  RecordTouchpointInput: '{ customerId: "x", team: MARKETING, channel: EMAIL, kind: FEEDBACK }',
  AdvanceCustomerInput: '{ customerId: "x", toStage: "ACTIVE", team: MARKETING }',
  RecordTouchpointsInput: '{ items: [{ customerId: "x", team: MARKETING, channel: EMAIL, kind: FEEDBACK }] }',
  UpdateCustomerInput: '{ customerId: "x", name: "x", expectedVersion: 1 }',
  LifecycleMapInput: '{ name: "x", stages: [], moves: [], bands: [], atRiskStage: "x", churnedStage: "x" }',
  CreateWebhookSubscriptionInput: '{ url: "http://127.0.0.1:9/", eventTypes: ["customer.created"] }',
};
const inputLiteral = (name: string) => {
  const literal = INPUTS[name];
  if (!literal) throw new Error(`Give the test an ${name} literal`);
  return literal;
};

describe('a token with no role', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });

  const roots = [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ['query', field] as const),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ['mutation', field] as const),
  ];

  it.each(roots.map(([operation, field]) => [`${operation} ${field.name}`, operation, field] as const))(
    'is FORBIDDEN on %s',
    async (_, operation, field) => {
      const token = await api.token('viewer', { groups: ['customers-of-another-app'], sub: 'sub-nobody' });
      const response = await api.graphql(rootRequest(operation, field), {}, { token });
      const batch = response.json.data?.recordTouchpoints;
      if (batch) {
        // A batch refuses each item alone: every one FORBIDDEN, none recorded.
        expect(batch).toEqual({ recorded: 0, results: [{ error: { code: 'FORBIDDEN' } }] });
        return;
      }
      expect(response.json.errors?.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['FORBIDDEN']);
      expect(response.json.data?.[field.name] ?? null).toBeNull();
    },
  );
});

describe('gateway mode', () => {
  let api: TestApi;
  let keyServer: Server;
  let keyFetches = 0;
  let issuer: string;

  beforeAll(async () => {
    let jwks = '{"keys":[]}';
    keyServer = createServer((request, response) => {
      keyFetches++;
      response.writeHead(request.url === '/pool/.well-known/jwks.json' ? 200 : 404, { 'content-type': 'application/json' });
      response.end(jwks);
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/pool`;
    api = await startApi({ AUTH_MODE: 'gateway', JWT_ISSUER: issuer, JWT_AUDIENCE: 'client-id' });
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = api.privateJwk;
    jwks = JSON.stringify({ keys: [{ ...publicJwk, use: 'sig' }] });
  });
  afterAll(async () => {
    await new Promise((resolve) => keyServer.close(resolve));
  });

  const forgedClaims = (groups: unknown) => ({
    authorizer: { jwt: { claims: { sub: 'forged', 'cognito:groups': groups, iss: issuer, aud: 'client-id' }, scopes: null } },
  });

  it("verifies the token itself against the issuer's key set, fetched once and cached", async () => {
    const token = await api.token('viewer', { issuer, audience: 'client-id' });
    for (let i = 0; i < 3; i++) {
      const response = await api.graphql('{ lifecycleMap { id } }', {}, { token });
      expect(response.json.data.lifecycleMap.id).toBe('default');
    }
    expect(keyFetches).toBe(1);
  });

  it('accepts a Cognito access token, whose audience is its client_id', async () => {
    const token = await new SignJWT({ 'cognito:groups': ['viewer'], client_id: 'client-id', token_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid: api.privateJwk.kid as string })
      .setSubject('cognito-user')
      .setIssuer(issuer)
      .setExpirationTime('5m')
      .sign(await importJWK(api.privateJwk, 'RS256'));
    const response = await api.graphql('{ lifecycleMap { id } }', {}, { token });
    expect(response.json.data.lifecycleMap.id).toBe('default');
  });

  it('ignores claims the event says an authorizer verified: without a token they are 401', async () => {
    const response = await api.graphql('{ lifecycleMap { id } }', {}, { token: null, requestContext: forgedClaims(['admin']) });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unsigned admin token even when the event carries its claims as verified (serverless-offline)', async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'forged', 'cognito:groups': ['admin'], iss: issuer, aud: 'client-id', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    const response = await api.graphql(
      'mutation { createCustomer(input: { externalId: "forged-1", name: "Forged" }) { customer { id } } }',
      {},
      { token: unsigned, requestContext: forgedClaims(['admin']) },
    );
    expect(response.status).toBe(401);
    expect(response.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const created = await api.graphql('{ customers(first: 100) { totalCount } }', {}, { token: await api.token('admin', { issuer, audience: 'client-id' }) });
    expect(created.json.data.customers.totalCount).toBe(0);
  });

  it('takes the roles from the verified token, never from forged claims beside it', async () => {
    const viewer = await api.token('viewer', { issuer, audience: 'client-id' });
    const response = await api.graphql(
      'mutation { createCustomer(input: { externalId: "forged-2", name: "Forged" }) { customer { id } } }',
      {},
      { token: viewer, requestContext: forgedClaims('[admin]') },
    );
    expect(response.json.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a token of another audience or issuer', async () => {
    for (const claims of [{ issuer, audience: 'another-client' }, { issuer: `${issuer}-other`, audience: 'client-id' }]) {
      const response = await api.graphql('{ lifecycleMap { id } }', {}, { token: await api.token('admin', claims) });
      expect(response.status).toBe(401);
    }
  });
});

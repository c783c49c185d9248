import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createHandler } from '../../src/handler';
import { loadConfig } from '../../src/config';
import { httpApiEvent } from '../support/api';

/**
 * Deployed configurations (every stage but local and test), booted with NODE_ENV unset as Lambda runs them. No
 * query here reaches DynamoDB: deployed stages refuse DynamoDB Local, and tests never call AWS. The issuer's key set
 * is served from memory (no network), through the same jose remote key set the Lambda uses.
 */
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example';
const deployedEnv = (stage: string) => ({
  STAGE: stage,
  TABLE_NAME: `lifecycle-map-${stage}`,
  AWS_REGION: 'eu-west-1',
  JWT_ISSUER: ISSUER,
  JWT_AUDIENCE: 'client-id',
  CURSOR_SECRET: 'a-deployment-secret-of-at-least-32-characters',
});

let privateKey: CryptoKey;
let publicJwk: JWK;
beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
});

const sign = (groups: string[]) =>
  new SignJWT({ 'cognito:groups': groups })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('deployed-user')
    .setIssuer(ISSUER)
    .setAudience('client-id')
    .setExpirationTime('5m')
    .sign(privateKey);

describe.each(['prod', 'staging'])('the deployed stage %s', (stage) => {
  const savedNodeEnv = process.env['NODE_ENV'];
  beforeAll(() => {
    delete process.env['NODE_ENV'];
  });
  afterAll(() => {
    process.env['NODE_ENV'] = savedNodeEnv;
  });

  async function send(query: string, token: string | null, requestContext: Record<string, unknown> = {}) {
    const handler = createHandler(loadConfig(deployedEnv(stage)), {
      logDestination: { write: () => undefined },
      metricsDestination: () => undefined,
      fetchKeys: async () => new Response(JSON.stringify({ keys: [publicJwk] }), { headers: { 'content-type': 'application/json' } }),
    });
    const event = httpApiEvent(JSON.stringify({ query }), {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      requestContext,
    });
    const result = (await handler(event, { awsRequestId: 'deployed-req' } as Context, () => undefined)) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode, text: result.body ?? '', json: JSON.parse(result.body ?? '{}') };
  }

  it('boots with NODE_ENV unset and refuses introspection', async () => {
    expect(process.env['NODE_ENV']).toBeUndefined();
    const response = await send('{ __schema { types { name } } }', await sign(['viewer']));
    expect(response.status).toBe(400);
    expect(response.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.text).not.toContain('LifecycleMap');
  });

  it('hides field suggestions and stack traces', async () => {
    const response = await send('{ lifecycleMap { stagez { key } } }', await sign(['viewer']));
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(/Did you mean|stages|stacktrace|\n\s+at /);
  });

  it('verifies the token itself: claims the event carries as verified are not enough', async () => {
    const claims = { sub: 'forged', 'cognito:groups': ['admin'], iss: ISSUER, aud: 'client-id' };
    const response = await send('{ lifecycleMap { id } }', null, { authorizer: { jwt: { claims, scopes: null } } });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to start with the local key set or development defaults', () => {
    expect(() => loadConfig({ ...deployedEnv(stage), AUTH_MODE: 'local', LOCAL_JWKS_FILE: '/tmp/jwks.json' })).toThrow(/Refusing/);
    expect(() => loadConfig({ ...deployedEnv(stage), JWT_ISSUER: 'urn:lifecycle-map:local-development' })).toThrow(/Refusing/);
  });

  it.each([
    ['development settings', { AUTH_MODE: 'local', LOCAL_JWKS_FILE: '/tmp/none.json' }, /Refusing to start stage/],
    ['gateway mode under serverless-offline', { IS_OFFLINE: 'true' }, /IS_OFFLINE/],
  ])('refuses to load the Lambda entry point with %s', (_, overrides, refusal) => {
    const saved = { ...process.env };
    Object.assign(process.env, deployedEnv(stage), overrides);
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the entry point is the test
        expect(() => require('../../src/lambda')).toThrow(refusal);
      });
    } finally {
      process.env = saved;
    }
  });
});

import { createHandler } from '../../src/handler';
import { loadConfig } from '../../src/config';
import { httpApiEvent } from '../support/api';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * The production configuration, booted with NODE_ENV unset as Lambda runs it. No query here reaches DynamoDB:
 * production refuses DynamoDB Local, and tests never call AWS.
 */
const PROD_ENV = {
  STAGE: 'prod',
  TABLE_NAME: 'lifecycle-map-prod',
  AWS_REGION: 'eu-west-1',
  JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example',
  JWT_AUDIENCE: 'client-id',
};
const claims = { sub: 'prod-user', 'cognito:groups': '[viewer]', iss: PROD_ENV.JWT_ISSUER };

describe('the production configuration', () => {
  const savedNodeEnv = process.env['NODE_ENV'];
  beforeAll(() => {
    delete process.env['NODE_ENV'];
  });
  afterAll(() => {
    process.env['NODE_ENV'] = savedNodeEnv;
  });

  async function send(query: string, withClaims = true) {
    const handler = createHandler(loadConfig(PROD_ENV), {
      logDestination: { write: () => undefined },
      metricsDestination: () => undefined,
    });
    const event = httpApiEvent(JSON.stringify({ query }), {
      requestContext: withClaims ? { authorizer: { jwt: { claims, scopes: null } } } : {},
    });
    const result = (await handler(event, { awsRequestId: 'prod-req' } as Context, () => undefined)) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode, text: result.body ?? '', json: JSON.parse(result.body ?? '{}') };
  }

  it('boots with NODE_ENV unset and refuses introspection', async () => {
    expect(process.env['NODE_ENV']).toBeUndefined();
    const response = await send('{ __schema { types { name } } }');
    expect(response.status).toBe(400);
    expect(response.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.text).not.toContain('LifecycleMap');
  });

  it('hides field suggestions and stack traces', async () => {
    const response = await send('{ lifecycleMap { stagez { key } } }');
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(/Did you mean|stages|stacktrace|\n\s+at /);
  });

  it('trusts only claims API Gateway verified: without them it is 401', async () => {
    const response = await send('{ lifecycleMap { id } }', false);
    expect(response.status).toBe(401);
    expect(response.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to start with the local key set or development defaults', () => {
    expect(() => loadConfig({ ...PROD_ENV, AUTH_MODE: 'local', LOCAL_JWKS_FILE: '/tmp/jwks.json' })).toThrow(/Refusing/);
    expect(() => loadConfig({ ...PROD_ENV, JWT_ISSUER: 'urn:lifecycle-map:local-development' })).toThrow(/Refusing/);
  });

  it('refuses to load the Lambda entry point with development settings', () => {
    const saved = { ...process.env };
    Object.assign(process.env, PROD_ENV, { AUTH_MODE: 'local', LOCAL_JWKS_FILE: '/tmp/none.json' });
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the entry point is the test
        expect(() => require('../../src/lambda')).toThrow(/Refusing to start stage prod/);
      });
    } finally {
      process.env = saved;
    }
  });
});

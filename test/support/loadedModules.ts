// Run by test/e2e/coldStart.test.ts in a fresh Node process (node --import tsx): makes the handler as deployed
// (gateway mode), answers one query through it, and prints every module file the process loaded, as JSON.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { loadConfig } from '../../src/config';
import { createHandler } from '../../src/handler';

async function main(): Promise<void> {
  const handler = createHandler(
    loadConfig({ STAGE: 'test', TABLE_NAME: 'unused', AUTH_MODE: 'gateway', JWT_ISSUER: 'https://issuer.test', JWT_AUDIENCE: 'test' }),
    // Its metrics would go to stdout, which carries this script's answer.
    { logDestination: { write: () => undefined }, metricsDestination: () => undefined },
  );
  // Not test/support/api.ts's event builder: that module loads jose to sign tokens, which is what is looked for.
  const event = {
    version: '2.0',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      http: { method: 'POST', path: '/graphql' },
      requestId: 'modules',
      authorizer: { jwt: { claims: { sub: 'modules', 'cognito:groups': '[viewer]' } } },
    },
    body: JSON.stringify({ query: '{ __typename }' }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const result = (await handler(event, { awsRequestId: 'modules' } as Context, () => undefined)) as APIGatewayProxyStructuredResultV2;
  process.stdout.write(JSON.stringify({ status: result.statusCode, body: result.body, modules: Object.keys(require.cache) }));
}

void main();

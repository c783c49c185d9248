// Run by test/e2e/coldStart.test.ts in a fresh Node process (node --import tsx): makes the handler as deployed
// (gateway mode), answers one query through it, and prints every module file the process loaded, as JSON. The
// token and the issuer's key set come from the parent (env TOKEN, JWKS): the handler verifies the token itself.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { loadConfig } from '../../src/config';
import { createHandler } from '../../src/handler';

async function main(): Promise<void> {
  const handler = createHandler(
    loadConfig({ STAGE: 'test', TABLE_NAME: 'unused', AUTH_MODE: 'gateway', JWT_ISSUER: 'https://issuer.test', JWT_AUDIENCE: 'test' }),
    {
      logDestination: { write: () => undefined },
      // Its metrics would go to stdout, which carries this script's answer.
      metricsDestination: () => undefined,
      fetchKeys: async () => new Response(process.env['JWKS'] ?? '{}', { headers: { 'content-type': 'application/json' } }),
    },
  );
  // Not test/support/api.ts's event builder: that module loads test helpers the deployed function never does.
  const event = {
    version: '2.0',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env['TOKEN'] ?? ''}` },
    requestContext: {
      http: { method: 'POST', path: '/graphql' },
      requestId: 'modules',
    },
    body: JSON.stringify({ query: '{ __typename }' }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const result = (await handler(event, { awsRequestId: 'modules' } as Context, () => undefined)) as APIGatewayProxyStructuredResultV2;
  process.stdout.write(JSON.stringify({ status: result.statusCode, body: result.body, modules: Object.keys(require.cache) }));
}

void main();

// The AWS SDK warns at client creation that it will leave Node 20; deployed code runs on Node 22 or 24.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

import { createDocumentClient } from '../../src/store/client';
import { traceDynamoDb } from '../../src/store/tracing';
import { loadConfig } from '../../src/config';

const middlewareNames = (client: ReturnType<typeof createDocumentClient>) =>
  client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);

describe('tracing', () => {
  const saved = process.env['AWS_EXECUTION_ENV'];
  afterEach(() => {
    if (saved === undefined) delete process.env['AWS_EXECUTION_ENV'];
    else process.env['AWS_EXECUTION_ENV'] = saved;
  });

  it('records DynamoDB calls as X-Ray subsegments when on, in Lambda', async () => {
    process.env['AWS_EXECUTION_ENV'] = 'AWS_Lambda_nodejs22.x';
    const client = createDocumentClient({ region: 'us-east-1' });
    expect(middlewareNames(client)).not.toContain('XRaySDKInstrumentation');
    expect(await traceDynamoDb(client, 'lifecycle-map-unit')).toBe(true);
    expect(middlewareNames(client)).toContain('XRaySDKInstrumentation');
  });

  it('stays off outside Lambda, whatever it is asked', async () => {
    delete process.env['AWS_EXECUTION_ENV'];
    const client = createDocumentClient({ region: 'us-east-1' });
    expect(await traceDynamoDb(client, 'lifecycle-map-unit')).toBe(false);
    expect(middlewareNames(client)).not.toContain('XRaySDKInstrumentation');
  });

  it('is off unless the configuration turns it on', () => {
    expect(loadConfig({ TABLE_NAME: 't', LOCAL_JWKS_FILE: 'jwks.json' }).tracing).toBe(false);
    expect(loadConfig({ TABLE_NAME: 't', LOCAL_JWKS_FILE: 'jwks.json', TRACING: 'true' }).tracing).toBe(true);
    expect(() => loadConfig({ TABLE_NAME: 't', LOCAL_JWKS_FILE: 'jwks.json', TRACING: 'yes' })).toThrow(/TRACING/);
  });
});

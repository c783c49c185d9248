import { LOCAL_CURSOR_SECRET } from '../../src/config';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoData } from '../../scripts/lib/demoData';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { startFrontDoor, type RunningFrontDoor } from '../../scripts/lib/frontDoor';
import { ensureLocalKeys, signLocalToken } from '../../scripts/lib/localKeys';
import { startOffline, type RunningOffline } from '../../scripts/lib/offline';
import { freePort } from '../../scripts/lib/dynamodbLocal';
import { runLocalProjector } from '../../scripts/lib/localProjector';
import { ensureTable } from '../../scripts/lib/table';
import { createServices } from '../../src/app/services';
import type { Role } from '../../src/domain/access';
import { createLogger } from '../../src/log';
import { createProjectorServices } from '../../src/projectorHandler';
import { createDocumentClient } from '../../src/store/client';
import { testEndpoint } from './dynamodb';

export interface LocalStack {
  /** The front door, as `npm start` serves it on port 3000: the map view, GraphiQL, and /graphql passed on. */
  frontDoor: RunningFrontDoor;
  /** serverless-offline itself. */
  offline: RunningOffline;
  token: (role: Role) => Promise<string>;
  /** A GraphQL query straight to serverless-offline, as the API answers it. */
  graphql: (query: string, variables?: Record<string, unknown>, role?: Role) => Promise<{ data?: Record<string, unknown>; errors?: unknown[] }>;
  output: string[];
  stop: () => Promise<void>;
}

/**
 * What `npm start` runs, on free ports, in the test DynamoDB Local: the local stage's table with the default map
 * and the demo data, the stream projector, serverless-offline running serverless.yml, and the front door.
 */
export async function startLocalStack(): Promise<LocalStack> {
  const client = createDocumentClient({ region: 'us-east-1', endpoint: testEndpoint() });
  // serverless.yml names the table after the stage; no other test uses the local stage's table.
  const tableName = 'lifecycle-map-local';
  await ensureTable(client, tableName);
  let now = new Date();
  const services = createServices(client, tableName, { cursorSecret: LOCAL_CURSOR_SECRET, clock: () => now });
  await services.store.putMap(DEFAULT_MAP);
  await seedDemoData(services, (at) => (now = at), new Date());
  client.destroy();

  const projector = runLocalProjector({
    endpoint: testEndpoint(),
    tableName,
    services: createProjectorServices({ stage: 'local', tableName, region: 'us-east-1', dynamodbEndpoint: testEndpoint(), logLevel: 'silent' }),
    logger: createLogger('silent'),
  });
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'lifecycle-stack-keys-')));
  const token = (role: Role) => signLocalToken(keys.privateJwk, { sub: `browser-${role}`, groups: [role] });
  const output: string[] = [];
  const offline = await startOffline({
    stage: 'local',
    port: await freePort(),
    lambdaPort: await freePort(),
    env: { AUTH_MODE: 'local', DYNAMODB_ENDPOINT: testEndpoint(), LOCAL_JWKS_FILE: keys.jwksFile, LOG_LEVEL: 'warn' },
    output: (chunk) => output.push(chunk),
  }).catch(async (error: unknown) => {
    await projector.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output.join('')}`);
  });
  const frontDoor = await startFrontDoor({ port: await freePort(), apiOrigin: offline.origin, tokenFor: token });
  return {
    frontDoor,
    offline,
    token,
    output,
    graphql: async (query, variables = {}, role = 'viewer') => {
      const send = async () =>
        fetch(`${offline.origin}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(role)}` },
          body: JSON.stringify({ query, variables }),
        });
      let response = await send();
      // On a loaded machine the Lambda may run out of time and answer 503 UNAVAILABLE, which asks for a retry.
      for (let attempt = 1; response.status === 503 && attempt <= 5; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        response = await send();
      }
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      // A refusal here is a failure of the test's own reading, not what it checks: say what the API said.
      if (!body.data) throw new Error(`The API answered ${response.status}: ${JSON.stringify(body.errors)}`);
      return body;
    },
    stop: async () => {
      await frontDoor.close();
      await offline.stop();
      await projector.stop();
    },
  };
}

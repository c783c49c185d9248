// `npm start [-- options]`: the whole stack on this machine. DynamoDB Local, the table from infra/table.yml, the
// default map, demo data and a fixture, then serverless-offline. One JSON line on stdout when the API answers;
// everything for people on stderr. Ctrl-C (SIGINT) or SIGTERM stops everything it started, last first.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixtureFile } from './lib/fixtureFile';
import { ROLES, type Role } from '../src/domain/access';
import { DomainError } from '../src/domain/errors';
import type { Fixture } from './lib/fixture';
import { createLogger } from '../src/log';
import { createProjectorServices } from '../src/projectorHandler';
import { createDocumentClient } from '../src/store/client';
import { banner, readyLine } from './lib/announce';
import { freePort, startDynamoDbLocal } from './lib/dynamodbLocal';
import { LOCAL_DIR, ensureLocalKeys, signLocalToken } from './lib/localKeys';
import { runLocalProjector } from './lib/localProjector';
import { runLocalWebhooks } from './lib/localWebhooks';
import { createWebhookServices } from '../src/webhooksHandler';
import { startFrontDoor } from './lib/frontDoor';
import { startOffline } from './lib/offline';
import { START_USAGE, UsageError, parseStartOptions } from './lib/options';
import { requirePortFree } from './lib/ports';
import { LocalStack, type RunningService } from './lib/stack';
import { prepareStartData } from './lib/startData';
import { ensureTable } from './lib/table';

const STAGE = 'local';
const TABLE_NAME = `lifecycle-map-${STAGE}`;

const stack = new LocalStack();
const log = (line: string) => process.stderr.write(`${line}\n`);
// Log lines of the stack's own services go to stderr with the rest: stdout carries the ready line alone.
const logger = createLogger('info', { write: (line: string) => process.stderr.write(line) });

let stopping: Promise<never> | undefined;

/** Stops everything started, once: a second signal (or the parent going away) waits for the same stop. */
function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    log('Stopping the local stack...');
    await stack.stop(log);
    log('Stopped.');
    process.exit(code);
  })();
  return stopping;
}

// The AWS SDK warns at every start that it will leave Node 20; deployed, this runs on Node 22 or 24.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2), process.env, process.cwd());
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // npm runs this under `sh -c`; a SIGTERM to npm ends that shell but not us. Losing our parent means stop.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(0), 500).unref();

  // Everything that can be refused is checked before anything starts, so a refusal leaves nothing running.
  const fixture: Fixture | undefined = options.seedFile === undefined ? undefined : await readFixtureFile(options.seedFile);
  const port = options.port || (await freePort());
  const dynamodbPort = options.dynamodbPort || (await freePort());
  await requirePortFree(port, 'the API, --port');
  await requirePortFree(dynamodbPort, 'DynamoDB Local, --dynamodb-port');
  const keys = await ensureLocalKeys();

  const dbPath = options.fresh ? undefined : join(LOCAL_DIR, 'dynamodb');
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const dynamodb = await stack.start(() => startDynamoDbLocal({ port: dynamodbPort, dbPath }));
  log(`DynamoDB Local on ${dynamodb.endpoint} (${dbPath ? `data in ${dbPath}` : 'a fresh table in memory, gone on exit'})`);

  const client = createDocumentClient({ region: 'us-east-1', endpoint: dynamodb.endpoint });
  const table = await ensureTable(client, TABLE_NAME);
  if (table === 'created') log(`Created table ${TABLE_NAME}`);
  if (table === 'recreated') log(`Table ${TABLE_NAME} lacked indexes of infra/table.yml: made it anew`);
  const scratch = await stack.start(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecycle-map-start-'));
    return { name: 'the start snapshot', dir, stop: async () => rmSync(dir, { recursive: true, force: true }) };
  });
  const snapshotFile = join(scratch.dir, 'snapshot.json');
  const seededAt = Date.now();
  const data = await prepareStartData(
    { client, endpoint: dynamodb.endpoint, tableName: TABLE_NAME, logger },
    { demo: options.demo, fixture },
    snapshotFile,
  );
  client.destroy();
  const what = [options.demo && 'demo data', options.seedFile].filter(Boolean).join(' and ') || 'the map only';
  const seeded = `${Object.keys(data.customers).length} customers (${what}) in ${Date.now() - seededAt} ms`;
  const notes = data.kept > 0
    ? [`Kept ${data.kept} customers of earlier runs; npm run local:reset replaces them with the start state: ${seeded}`]
    : [`Seeded ${seeded}`];

  const lambdaEnv = {
    AUTH_MODE: 'local',
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    LOCAL_JWKS_FILE: keys.jwksFile,
    LOCAL_EMULATION: 'on',
    LOCAL_SNAPSHOT_FILE: snapshotFile,
    SLS_TELEMETRY_DISABLED: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  // Started after the table exists and stopped in reverse order on exit: further local services go here.
  const afterTable: Array<() => Promise<RunningService>> = [
    // The stream projector, as deployed but fed by DynamoDB Local's stream: it counts facts into the insights.
    async () => {
      const projectorConfig = { stage: STAGE, tableName: TABLE_NAME, region: 'us-east-1', dynamodbEndpoint: dynamodb.endpoint, logLevel: 'info' };
      const projector = runLocalProjector({ endpoint: dynamodb.endpoint, tableName: TABLE_NAME, services: createProjectorServices(projectorConfig), logger });
      return { name: 'the stream projector', stop: projector.stop };
    },
    // The webhook publisher on the same stream, and the dispatcher every second: `npm run webhooks:listen` hears them.
    async () => {
      const config = { stage: STAGE, tableName: TABLE_NAME, region: 'us-east-1', dynamodbEndpoint: dynamodb.endpoint, logLevel: 'info', isDeployed: false, eventBusName: undefined };
      const webhooks = runLocalWebhooks({ endpoint: dynamodb.endpoint, tableName: TABLE_NAME, services: createWebhookServices(config), logger });
      return { name: 'the webhook publisher and dispatcher', stop: webhooks.stop };
    },
  ];
  for (const start of afterTable) await stack.start(start);
  // serverless-offline on a port of its own; the map view calls it there, across origins, as a frontend team's app
  // would. The front door on the public port serves the map view at /, GraphiQL at /graphiql, and passes /graphql on.
  const offlinePort = await freePort();
  const offline = await stack.start(async () =>
    startOffline({ stage: STAGE, port: offlinePort, lambdaPort: await freePort(), env: lambdaEnv }),
  );
  const tokens = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await signLocalToken(keys.privateJwk, { sub: `local-${role}`, groups: [role] })])),
  ) as Record<Role, string>;
  const api = await stack.start(async () => {
    const door = await startFrontDoor({ port, apiOrigin: new URL(offline.url).origin, tokenFor: async (role) => tokens[role] });
    return { name: 'the front door (map view, GraphiQL)', url: `http://127.0.0.1:${port}/graphql`, stop: door.close };
  });
  notes.push(`Map view: http://localhost:${port}/ (as viewer; ?role=...)  GraphiQL: http://localhost:${port}/graphiql`);
  const ready = {
    ready: true as const,
    url: api.url,
    adminToken: tokens.admin,
    tokens,
    dynamodbEndpoint: dynamodb.endpoint,
    tableName: TABLE_NAME,
    // Kept data of earlier runs is not the start state: its customers are not the ones seeded aside.
    customers: data.kept > 0 ? {} : data.customers,
  };
  process.stderr.write(banner(ready, notes));
  process.stdout.write(readyLine(ready));
}

main().catch(async (error: unknown) => {
  if (error instanceof UsageError) {
    log(`${error.message}\n${START_USAGE}`);
    process.exit(2);
  }
  const message = error instanceof DomainError ? `Seed file: ${error.message}` : error instanceof Error ? error.message : String(error);
  log(message);
  await stop(1);
});

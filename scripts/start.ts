// `npm start`: the whole stack on this machine. DynamoDB Local (data kept in .local/dynamodb), the table from
// infra/table.yml, the default map and demo data, then serverless-offline on http://localhost:3000/graphql.
// Ctrl-C (SIGINT) or SIGTERM stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LifecycleStore } from '../src/store/lifecycleStore';
import { ProjectionStore } from '../src/store/projection';
import { createLogger } from '../src/log';
import { createProjectorServices } from '../src/projectorHandler';
import { runLocalProjector } from './lib/localProjector';
import { PrivacyStore } from '../src/store/privacy';
import { createDocumentClient } from '../src/store/client';
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { LOCAL_CURSOR_SECRET } from '../src/config';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from './lib/dynamodbLocal';
import { ensureTable } from './lib/table';
import { LOCAL_DIR, ensureLocalKeys, signLocalToken } from './lib/localKeys';
import { seedDefaultMap, seedDemoData } from './lib/demoData';

const STAGE = 'local';
const TABLE_NAME = `lifecycle-map-${STAGE}`;
const HTTP_PORT = 3000;
const DYNAMODB_PORT = Number(process.env['DYNAMODB_LOCAL_PORT'] ?? 8000);

let dynamodb: RunningDynamoDbLocal | undefined;
let offline: ChildProcess | undefined;
let projector: { stop: () => Promise<void> } | undefined;
let stopping: Promise<never> | undefined;

/** Stops everything started, once: a second signal (or the parent going away) waits for the same stop. */
function stop(code: number): Promise<never> {
  stopping ??= (async () => {
    process.stderr.write('\nStopping the local stack...\n');
    if (offline && offline.exitCode === null) {
      const exited = new Promise((resolve) => offline?.once('exit', resolve));
      offline.kill('SIGTERM');
      const timer = setTimeout(() => offline?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await projector?.stop();
    await dynamodb?.stop();
    process.stderr.write('Stopped.\n');
    process.exit(code);
  })();
  return stopping;
}

// The AWS SDK warns at every start that it will leave Node 20; deployed, this runs on Node 22 or 24.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // npm runs this under `sh -c`; a SIGTERM to npm ends that shell but not us. Losing our parent means stop.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(0), 500).unref();

  const keys = await ensureLocalKeys();
  const dbPath = join(LOCAL_DIR, 'dynamodb');
  mkdirSync(dbPath, { recursive: true });
  dynamodb = await startDynamoDbLocal({ port: DYNAMODB_PORT, dbPath });
  process.stderr.write(`DynamoDB Local on ${dynamodb.endpoint} (data in ${dbPath})\n`);

  const client = createDocumentClient({ region: 'us-east-1', endpoint: dynamodb.endpoint });
  const table = await ensureTable(client, TABLE_NAME);
  if (table === 'created') process.stderr.write(`Created table ${TABLE_NAME}\n`);
  if (table === 'recreated') {
    process.stderr.write(`Table ${TABLE_NAME} lacked indexes of infra/table.yml: made it anew, with fresh demo data\n`);
  }
  const store = new LifecycleStore(client, TABLE_NAME);
  let now = new Date();
  const services = {
    store,
    projection: new ProjectionStore(client, TABLE_NAME),
    privacy: new PrivacyStore(client, TABLE_NAME),
    clock: () => now,
    newId: () => randomBytes(12).toString('base64url'),
    idempotencyTtlHours: 24,
    cursorSecret: LOCAL_CURSOR_SECRET,
  };
  await seedDefaultMap(services);
  const counts = await store.stageCounts(DEFAULT_MAP.id, DEFAULT_MAP.stages.map((s) => s.key));
  if ([...counts.values()].every((count) => count === 0)) {
    const today = new Date();
    const seeded = await seedDemoData(services, (at) => (now = at), today);
    process.stderr.write(`Seeded the default map and ${seeded} demo customers\n`);
  }
  client.destroy();

  // The stream projector, as deployed but fed by DynamoDB Local's stream: it counts facts into the insights.
  const projectorConfig = { stage: STAGE, tableName: TABLE_NAME, region: 'us-east-1', dynamodbEndpoint: dynamodb.endpoint, logLevel: 'info' };
  projector = runLocalProjector({
    endpoint: dynamodb.endpoint,
    tableName: TABLE_NAME,
    services: createProjectorServices(projectorConfig),
    logger: createLogger('info'),
  });

  offline = spawn(
    process.execPath,
    [require.resolve('serverless/bin/serverless.js'), 'offline', 'start', '--stage', STAGE],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        AUTH_MODE: 'local',
        DYNAMODB_ENDPOINT: dynamodb.endpoint,
        LOCAL_JWKS_FILE: keys.jwksFile,
        SLS_TELEMETRY_DISABLED: '1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );
  offline.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`serverless-offline exited (${code}); stopping.\n`);
      void stop(1);
    }
  });

  await waitForHttp(`http://localhost:${HTTP_PORT}/graphql`);
  const token = await signLocalToken(keys.privateJwk, { sub: 'local-admin', groups: ['admin'] });
  process.stdout.write(
    [
      '',
      `Lifecycle Map is running: POST http://localhost:${HTTP_PORT}/graphql`,
      '',
      'A development token (role admin, valid 12 hours; other roles: npm run -s token -- viewer|marketing|training|operations):',
      token,
      '',
      'Try:',
      `  curl -s http://localhost:${HTTP_PORT}/graphql -H 'content-type: application/json' \\`,
      `    -H "authorization: Bearer $(npm run -s token -- viewer)" \\`,
      `    -d '{"query":"{ lifecycleMap { stages { key customerCount } } }"}'`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

async function waitForHttp(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  throw new Error(`serverless-offline did not answer on ${url} within 120 s`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  await stop(1);
});

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { freePort, startDynamoDbLocal } from '../scripts/lib/dynamodbLocal';
import { ensureTable } from '../scripts/lib/table';
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { createDocumentClient } from '../src/store/client';
import { LifecycleStore } from '../src/store/lifecycleStore';
import { httpApiEvent } from '../test/support/api';
async function main() {
  const db = await startDynamoDbLocal({ port: await freePort() });
  const client = createDocumentClient({ region: 'us-east-1', endpoint: db.endpoint });
  try {
  await ensureTable(client, 'prof');
  await new LifecycleStore(client, 'prof').putMap(DEFAULT_MAP);
  const runner = readdirSync('/tmp').filter((d) => d.startsWith('coldstart-')).map((d) => `/tmp/${d}/runner.js`).pop()!;
  const event = httpApiEvent(JSON.stringify({ query: '{ lifecycleMap { stages { key customerCount } } }' }), { requestContext: { authorizer: { jwt: { claims: { sub: 'x', 'cognito:groups': '[viewer]' } } } } });
  writeFileSync('/tmp/perfa/in.json', JSON.stringify({ artifact: process.argv[2], event, warmRequests: Number(process.argv[3] ?? 400), resultFile: '/tmp/perfa/out.json' }));
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/perfa/prof', runner, '/tmp/perfa/in.json'], { env: { ...process.env, TABLE_NAME: 'prof', DYNAMODB_ENDPOINT: db.endpoint, AUTH_MODE: 'gateway', JWT_ISSUER: 'https://x', JWT_AUDIENCE: 'x', STAGE: 'bench', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' }, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(r.status, readFileSync('/tmp/perfa/out.json', 'utf8').slice(0, 300).replace(/"warmMs":\[[^\]]*\]/, ''));
  } finally { client.destroy(); await db.stop(); }
}
main().catch((e) => { console.error(e); }).finally(() => process.exit(0));

import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StreamTail, drainStream } from '../../scripts/lib/localProjector';
import { ensureTable } from '../../scripts/lib/table';
import { createServices, type Services } from '../../src/app/services';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { LOCAL_CURSOR_SECRET } from '../../src/config';
import { createDocumentClient } from '../../src/store/client';
import { createLogger } from '../../src/log';
import { LifecycleStore } from '../../src/store/lifecycleStore';
import { TestClock } from './clock';
import { LOCAL_URL_POLICY } from '../../src/domain/webhookUrl';

export function testEndpoint(): string {
  const endpoint = process.env['DYNAMODB_TEST_ENDPOINT'];
  // Storage tests run against DynamoDB Local or not at all: there is no fake to fall back on.
  if (!endpoint) throw new Error('DYNAMODB_TEST_ENDPOINT is not set: run these tests through jest (npm test)');
  return endpoint;
}

export interface TestTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  store: LifecycleStore;
  clock: TestClock;
  services: Services;
  /**
   * Runs the stream projector over everything written so far, until the stream holds nothing new: how a test
   * waits for the insights (and lifetime revenue) to catch up, without sleeping. Answers how many new items it read.
   */
  project: () => Promise<number>;
}

/** A fresh table (from infra/table.yml) holding the default map, with services on a clock the test controls. */
export async function freshTable(): Promise<TestTable> {
  const tableName = `test-${randomBytes(6).toString('hex')}`;
  const client = createDocumentClient({ region: 'us-east-1', endpoint: testEndpoint() });
  await ensureTable(client, tableName);
  const clock = new TestClock();
  let sequence = 0;
  const services = createServices(client, tableName, {
    clock: () => clock.now(),
    newId: () => `${(++sequence).toString(36).padStart(6, '0')}${randomBytes(4).toString('hex')}`,
    cursorSecret: LOCAL_CURSOR_SECRET,
    webhookUrlPolicy: LOCAL_URL_POLICY,
  });
  const { store, projection } = services;
  await store.putMap(DEFAULT_MAP);
  const tail = new StreamTail(testEndpoint(), tableName);
  const projector = { store, projection, loadMap: (id: string) => store.getMap(id) };
  const project = () => drainStream(tail, projector, createLogger('silent'));
  return { tableName, client, store, clock, services, project };
}

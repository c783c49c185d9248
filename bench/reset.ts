// Benchmark: what resetLocalData costs through the handler, for the start states a consumer's CI and a newcomer
// use: a small fixture (test/fixtures/consumer.json, 3 customers) and the demo data (48 customers, two maps); after a few
// writes (what a test leaves behind) and after none. Run: npm run bench:reset (starts its own DynamoDB Local).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSnapshotFile } from '../src/app/local/snapshotFile';
import { createServices } from '../src/app/services';
import { LOCAL_CURSOR_SECRET } from '../src/config';
import { scanTable } from '../src/store/localTable';
import { parseFixture } from '../scripts/lib/fixture';
import { StreamTail, drainStream } from '../scripts/lib/localProjector';
import { seedStartState } from '../scripts/lib/startState';
import { createLogger } from '../src/log';
import { median, requestCounts, startBenchStack, totalRequests } from './support';
import { LOCAL_URL_POLICY } from '../src/domain/webhookUrl';

const RUNS = 15;
const fixture = parseFixture(JSON.parse(readFileSync(join(__dirname, '../test/fixtures/consumer.json'), 'utf8')));

async function measure(name: string, state: { demo: boolean; fixture: typeof fixture | undefined }): Promise<void> {
  const snapshotFile = join(mkdtempSync(join(tmpdir(), 'bench-reset-')), 'snapshot.json');
  const stack = await startBenchStack(() => new Date(), { env: { LOCAL_EMULATION: 'on', LOCAL_SNAPSHOT_FILE: snapshotFile } });
  try {
    const services = createServices(stack.client, stack.tableName, { cursorSecret: LOCAL_CURSOR_SECRET, webhookUrlPolicy: LOCAL_URL_POLICY });
    const { store, projection } = services;
    const ids = await seedStartState(services, state, new Date());
    const tail = new StreamTail(stack.dynamodb.endpoint, stack.tableName);
    await drainStream(tail, { store, projection, loadMap: (id) => store.getMap(id) }, createLogger('silent'));
    tail.close();
    const items = await scanTable(stack.client, stack.tableName);
    await writeSnapshotFile(snapshotFile, { customerIds: ids, items });
    for (const afterWrites of [true, false]) {
      const times: number[] = [];
      let requests = 0;
      for (let run = 0; run < RUNS; run++) {
        if (afterWrites) {
          await stack.graphql(`mutation { createCustomer(input: { externalId: "bench-${run}", name: "Bench" }) { customer { id } } }`);
          await stack.graphql(`mutation { recordTouchpoint(input: { customerId: "${ids[0]}", team: OPERATIONS, channel: PHONE, kind: FEEDBACK, score: 3 }) { touchpoint { id } } }`);
          await stack.graphql('mutation { advanceLocalClock(days: 31) { now } }');
        }
        requestCounts.clear();
        const started = performance.now();
        const response = await stack.graphql('mutation { resetLocalData { clock { offsetMs } } }');
        times.push(performance.now() - started);
        if (response.json.errors) throw new Error(JSON.stringify(response.json.errors));
        requests += totalRequests();
      }
      const what = afterWrites ? 'after a customer, a touchpoint and a clock move' : 'with nothing to undo';
      console.log(`| ${name} | ${items.length} | ${what} | ${(requests / RUNS).toFixed(1)} | ${median(times).toFixed(0)} |`);
    }
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  console.log(`\nresetLocalData through the handler, DynamoDB Local, median of ${RUNS}\n`);
  console.log('| start state | items | reset | DynamoDB requests | median ms |');
  console.log('|---|---|---|---|---|');
  await measure('fixture, 3 customers', { demo: false, fixture });
  await measure('demo, 36 + 12 customers on two maps', { demo: true, fixture: undefined });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

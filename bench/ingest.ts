// Benchmark: ingestion at volume through the handler, on DynamoDB Local. 10,000 touchpoints over 1,000 customers,
// sent as 100 batches of 100 (4 in flight) and as single requests (16 in flight); 200 scored touchpoints at once on
// one customer; and how long the stream projector takes, after the last write, until the insights equal a recount
// from the stored facts. DynamoDB requests and consumed capacity are the handler's, as its metrics count them
// (src/store/usage.ts).
// Run: npm run bench:ingest (starts its own DynamoDB Local; a few minutes).
import { runLocalProjector } from '../scripts/lib/localProjector';
import { readInsights } from '../src/app/insights';
import { createServices } from '../src/app/services';
import { LOCAL_CURSOR_SECRET } from '../src/config';
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { createLogger } from '../src/log';
import { createProjectorServices } from '../src/projectorHandler';
import { mapItem } from '../src/store/items';
import { measureDynamoDbUsage } from '../src/store/usage';
import { recountFacts } from '../test/support/recount';
import { bulkWrite, startBenchStack, type BenchStack } from './support';

const NOW = new Date('2026-11-22T09:00:00.000Z');
const CUSTOMERS = Number(process.env["BENCH_CUSTOMERS"] ?? 1_000);
const TOUCHPOINTS = CUSTOMERS * 10;

const KINDS = [
  'kind: SERVICE_DELIVERY, cost: 40',
  'kind: FEEDBACK, score: 8',
  'kind: RENEWAL, revenue: 120',
  'kind: TRAINING',
  'kind: SUPPORT_REQUEST',
];
/** Item i goes to customer i mod CUSTOMERS; each customer gets every kind in turn (a delivery, then a score, ...). */
const itemOf = (i: number) => {
  const [kind, ...rest] = (KINDS[Math.floor(i / CUSTOMERS) % KINDS.length] as string).split(', ');
  const fields = Object.fromEntries(
    [kind, ...rest].map((pair) => {
      const [name, value] = (pair as string).split(': ') as [string, string];
      return [name, Number.isNaN(Number(value)) ? value : Number(value)];
    }),
  );
  return {
    externalId: `c-${i % CUSTOMERS}`,
    team: 'OPERATIONS',
    channel: 'EMAIL',
    occurredAt: new Date(NOW.getTime() - (TOUCHPOINTS - i) * 1000).toISOString(),
    idempotencyKey: `t-${i}`,
    ...fields,
  };
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
};

async function inFlight<T>(count: number, total: number, work: (i: number) => Promise<T>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await work(i);
        times.push(performance.now() - t0);
      }
    }),
  );
  return times;
}

async function seedCustomers(stack: BenchStack): Promise<void> {
  await bulkWrite(stack.client, stack.tableName, [mapItem(DEFAULT_MAP)]);
  await inFlight(16, CUSTOMERS, async (i) => {
    const response = await stack.graphql(`mutation { createCustomer(input: { externalId: "c-${i}", name: "Customer ${i}" }) { customer { id } } }`);
    if (response.json.errors) throw new Error(JSON.stringify(response.json.errors));
  });
}

const BATCH = `mutation($input: RecordTouchpointsInput!) { recordTouchpoints(input: $input) { recorded failed results { error { code message } } } }`;
const SINGLE = `mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id } } }`;

async function run(mode: 'batch' | 'single'): Promise<void> {
  const stack = await startBenchStack(() => NOW);
  const sendBatches = () =>
    inFlight(4, TOUCHPOINTS / 100, async (b) => {
      const items = Array.from({ length: 100 }, (_, j) => itemOf(b * 100 + j));
      const response = await stack.graphql(BATCH, { input: { items } });
      const payload = (response.json.data as { recordTouchpoints?: { recorded: number } } | undefined)?.recordTouchpoints;
      if (payload?.recorded !== 100) throw new Error(`batch ${b}: ${JSON.stringify(response.json)}`);
    });
  const sendSingles = () =>
    inFlight(16, TOUCHPOINTS, async (i) => {
      const response = await stack.graphql(SINGLE, { input: itemOf(i) });
      if (response.json.errors) throw new Error(JSON.stringify(response.json.errors));
    });
  const logger = createLogger('warn');
  const projector = runLocalProjector({
    endpoint: stack.dynamodb.endpoint,
    tableName: stack.tableName,
    services: createProjectorServices({ stage: 'bench', tableName: stack.tableName, region: 'us-east-1', dynamodbEndpoint: stack.dynamodb.endpoint, logLevel: 'warn' }),
    logger,
  });
  try {
    await seedCustomers(stack);
    const started = performance.now();
    // The handler's DynamoDB use while the touchpoints are sent (the projector runs outside this scope).
    const { result: times, usage } = await measureDynamoDbUsage(() => (mode === 'batch' ? sendBatches() : sendSingles()));
    const lastWrite = performance.now();
    const seconds = (lastWrite - started) / 1000;
    console.log(
      `${mode === 'batch' ? `${TOUCHPOINTS / 100} batches of 100, 4 in flight` : `${TOUCHPOINTS} single requests, 16 in flight`} | ` +
        `${(TOUCHPOINTS / seconds).toFixed(0)} touchpoints/s | ${(usage.requests / TOUCHPOINTS).toFixed(3)} requests | ` +
        `${(usage.writeCapacityUnits / TOUCHPOINTS).toFixed(2)} WCU | ${(usage.readCapacityUnits / TOUCHPOINTS).toFixed(2)} RCU | ` +
        `p50 ${percentile(times, 0.5).toFixed(0)} ms | p99 ${percentile(times, 0.99).toFixed(0)} ms per request`,
    );
    if (mode === 'batch') await projectorLag(stack, lastWrite);
  } finally {
    await projector.stop();
    await stack.stop();
  }
}

/** From the last write until every fact is counted and the figures equal a recount from the stored facts. */
async function projectorLag(stack: BenchStack, lastWrite: number): Promise<void> {
  const services = createServices(stack.client, stack.tableName, { cursorSecret: LOCAL_CURSOR_SECRET, clock: () => NOW });
  const { store } = services;
  while ((await services.projection.oldestUnprojected('default')) !== null) await new Promise((resolve) => setTimeout(resolve, 100));
  const caughtUp = performance.now();
  const report = await readInsights(services, DEFAULT_MAP, {});
  const recount = await recountFacts(store, { first: report.from.slice(0, 10), last: report.to.slice(0, 10) });
  const equal =
    Math.abs(report.spend.revenue - recount.revenue) < 0.01 &&
    Math.abs(report.spend.retention + report.spend.acquisition - recount.retention - recount.acquisition) < 0.01 &&
    report.feedbackCoverage.deliveries === recount.deliveries &&
    report.feedbackCoverage.withFeedback === recount.withFeedback &&
    report.revenueByBand.every((row) => Math.abs(row.revenue - (recount.revenueByBand.get(row.band?.key ?? '')?.revenue ?? 0)) < 0.01);
  console.log(
    `projector lag after the last write: ${((caughtUp - lastWrite) / 1000).toFixed(1)} s until every fact is counted; ` +
      `figures ${equal ? 'equal' : 'DIFFER FROM'} the recount (revenue ${report.spend.revenue}, deliveries ${report.feedbackCoverage.deliveries}, with feedback ${report.feedbackCoverage.withFeedback})`,
  );
}

async function burst(): Promise<void> {
  const stack = await startBenchStack(() => NOW);
  try {
    await bulkWrite(stack.client, stack.tableName, [mapItem(DEFAULT_MAP)]);
    await stack.graphql(`mutation { createCustomer(input: { externalId: "one", name: "One" }) { customer { id } } }`);
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        stack.graphql(SINGLE, { input: { externalId: 'one', team: 'OPERATIONS', channel: 'EMAIL', kind: 'FEEDBACK', score: 8, idempotencyKey: `b-${i}` } }),
      ),
    );
    const answered = responses.filter((response) => !response.json.errors).length;
    console.log(`200 scored touchpoints at once on one customer: ${answered}/200 answered, no client retry, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  console.log(`\ningestion through the handler, DynamoDB Local (${new Date().toISOString().slice(0, 10)}); per touchpoint:\n`);
  await run('batch');
  await run('single');
  await burst();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Benchmark: what a touchpoint that relates to others (delivery, score, revenue) costs to record through the
// handler, one at a time and with several in flight to the same customer, where they serialize on factsVersion.
// Run: npm run bench:touchpoints (starts its own DynamoDB Local; under a minute).
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { mapItem } from '../src/store/items';
import { bulkWrite, median, requestCounts, startBenchStack, totalRequests } from './support';

const NOW = new Date('2026-11-22T09:00:00.000Z');
const PER_RUN = 60;

async function main(): Promise<void> {
  const stack = await startBenchStack(() => NOW);
  try {
    await bulkWrite(stack.client, stack.tableName, [mapItem(DEFAULT_MAP)]);
    console.log(`\nrelated touchpoints on one customer through the handler, DynamoDB Local, ${PER_RUN} per run\n`);
    console.log('in flight | requests per touchpoint | median ms each | touchpoints/s | CONFLICT answers');
    console.log('----------|------------------------|----------------|---------------|-----------------');
    for (const inFlight of [1, 3, 6]) {
      const created = await stack.graphql(`mutation { createCustomer(input: { externalId: "bench-${inFlight}", name: "Bench" }) { customer { id } } }`);
      const id = (created.json.data as { createCustomer: { customer: { id: string } } }).createCustomer.customer.id;
      requestCounts.clear();
      const times: number[] = [];
      let conflicts = 0;
      let next = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < PER_RUN) {
            const i = next++;
            const fields = i % 3 === 0 ? 'kind: FEEDBACK, score: 8' : 'kind: SERVICE_DELIVERY, revenue: 10';
            const at = new Date(NOW.getTime() - (PER_RUN - i) * 60_000).toISOString();
            const query = `mutation { recordTouchpoint(input: { customerId: "${id}", team: OPERATIONS, channel: EMAIL, ${fields}, occurredAt: "${at}", idempotencyKey: "b-${inFlight}-${i}" }) { touchpoint { id } } }`;
            const t0 = performance.now();
            for (;;) {
              const response = await stack.graphql(query);
              if (!response.json.errors) break;
              conflicts++;
            }
            times.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (Date.now() - started) / 1000;
      const line = [
        String(inFlight).padStart(9),
        (totalRequests() / PER_RUN).toFixed(1).padStart(22),
        median(times).toFixed(1).padStart(14),
        (PER_RUN / seconds).toFixed(1).padStart(13),
        String(conflicts).padStart(16),
      ];
      console.log(line.join(' | '));
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

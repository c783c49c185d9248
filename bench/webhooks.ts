// Benchmark: webhooks from the stream to a receiver on loopback, on DynamoDB Local. 200 customers are created and
// each moved once (400 events) through the handler, with 1 subscription; the publisher then reads the stream and
// makes the deliveries, and dispatcher passes send them. Printed: DynamoDB requests by command per event
// published and per delivery sent (exact), the capacity DynamoDB Local reports, and how long each step took.
// Run: npm run bench:webhooks (starts its own DynamoDB Local; under a minute).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamTail } from '../scripts/lib/localProjector';
import { dispatchDue } from '../src/app/webhooks/dispatch';
import { consistentCustomers } from '../src/app/webhooks/publish';
import { httpSender } from '../src/app/webhooks/sender';
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { LOCAL_URL_POLICY } from '../src/domain/webhookUrl';
import { createLogger } from '../src/log';
import { LifecycleStore } from '../src/store/lifecycleStore';
import { measureDynamoDbUsage, type DynamoDbUsage } from '../src/store/usage';
import { WebhookStore } from '../src/store/webhooks';
import { publishStreamRecords } from '../src/webhooksHandler';
import { startBenchStack } from './support';

const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 200);

async function main() {
  let received = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
  const stack = await startBenchStack(() => new Date());
  const store = new LifecycleStore(stack.client, stack.tableName);
  try {
    await store.putMap(DEFAULT_MAP);
    const subscribed = await stack.graphql(
      'mutation($url: String!) { createWebhookSubscription(input: { url: $url, eventTypes: ["customer.created", "customer.stage_changed"] }) { secret } }',
      { url },
    );
    if (subscribed.json.errors) throw new Error(JSON.stringify(subscribed.json.errors));
    for (let i = 0; i < CUSTOMERS; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, CUSTOMERS - i) }, async (_, j) => {
          const created = (await stack.graphql('mutation($e: String!) { createCustomer(input: { externalId: $e, name: "Bench" }) { customer { id } } }', {
            e: `bench-${i + j}`,
          })) as { json: { data: { createCustomer: { customer: { id: string } } } } };
          const id = created.json.data.createCustomer.customer.id;
          await stack.graphql('mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ONBOARDING", team: MARKETING }) { customer { id } } }', { id });
        }),
      );
    }
    const services = {
      webhooks: new WebhookStore(stack.client, stack.tableName),
      customers: consistentCustomers(store),
      clock: () => new Date(),
      urlPolicy: LOCAL_URL_POLICY,
      send: httpSender(LOCAL_URL_POLICY),
      bus: null,
      timeoutMs: 15_000,
    };
    const tail = new StreamTail(stack.dynamodb.endpoint, stack.tableName);
    const logger = createLogger('silent');
    const publishStarted = Date.now();
    const published = await measureDynamoDbUsage(async () => {
      let events = 0;
      for (let records = await tail.read(); records.length > 0; records = await tail.read()) {
        const run = { events: 0, deliveriesMade: 0 };
        await publishStreamRecords(services, logger, records, run);
        events += run.events;
      }
      return events;
    });
    const publishMs = Date.now() - publishStarted;
    tail.close();
    const dispatchStarted = Date.now();
    // Passes until none is due: a pass reads up to 100 deliveries per index shard.
    const dispatched = await measureDynamoDbUsage(async () => {
      const total = { attempted: 0, delivered: 0, passes: 0 };
      for (let report = await dispatchDue(services); report.attempted > 0; report = await dispatchDue(services)) {
        total.attempted += report.attempted;
        total.delivered += report.delivered;
        total.passes++;
      }
      return total;
    });
    const dispatchMs = Date.now() - dispatchStarted;

    const per = (usage: DynamoDbUsage, n: number) =>
      `${(usage.requests / n).toFixed(2)} requests (${Object.entries(usage.byCommand)
        .map(([command, count]) => `${command} ${(count / n).toFixed(2)}`)
        .join(', ')}), ${(usage.readCapacityUnits / n).toFixed(2)} read and ${(usage.writeCapacityUnits / n).toFixed(2)} write units as DynamoDB Local reports them`;
    console.log(`Webhooks, ${published.result} events (${CUSTOMERS} customers created and moved once), 1 subscription, DynamoDB Local`);
    console.log(`publish: ${publishMs} ms in all; per event ${per(published.usage, published.result)}`);
    console.log(
      `dispatch (8 customers side by side, ${dispatched.result.passes} passes): ${dispatched.result.delivered} delivered of ${dispatched.result.attempted} attempts in ${dispatchMs} ms ` +
        `(${Math.round((dispatched.result.delivered / dispatchMs) * 1000)} a second); per delivery ${per(dispatched.usage, Math.max(1, dispatched.result.attempted))}`,
    );
    console.log(`receiver got ${received}`);
  } finally {
    await stack.stop();
    receiver.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

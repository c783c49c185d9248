// Benchmark: what the DynamoDB budget estimates for a query against the requests it actually sends, through the
// handler, and the requests an over-budget query sends (none). Run: npm run bench:query-cost (own DynamoDB Local).
import { buildSchema, parse } from 'graphql';
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { operationCost } from '../src/graphql/cost';
import { typeDefs } from '../src/graphql/generated/typeDefs';
import { mapItem } from '../src/store/items';
import { bulkWrite, startBenchStack, totalRequests, requestCounts } from './support';

const NOW = new Date('2026-11-22T09:00:00.000Z');
const CUSTOMERS = 140;
const schema = buildSchema(typeDefs);
const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

const QUERIES: [string, string][] = [
  ['deepest legitimate query, default page sizes', '{ lifecycleMap { stages { customers { edges { node { journey { touchpoint { band { key } } } } } } } } }'],
  ['100 customers with their last move', '{ customers(first: 100) { edges { node { lastTransition { at } } } } }'],
  ['100 customers, last move and touchpoint count', '{ customers(first: 100) { edges { node { lastTransition { at } touchpoints(first: 1) { totalCount } } } } }'],
  ['one stale list with its COUNT', '{ staleCustomers(stage: "ONBOARDING", olderThanDays: 0, first: 1) { totalCount } }'],
  ['a 366-day insights window', '{ insights(from: "2025-11-22T09:00:00Z") { spend { revenue } } }'],
  ['x15: stale list with its COUNT', aliased(15, 'staleCustomers(stage: "ONBOARDING", olderThanDays: 0, first: 1) { totalCount }')],
  ['x15: 100 customers, last move and count', aliased(15, 'customers(first: 100) { edges { node { lastTransition { at } touchpoints(first: 1) { totalCount } } } }')],
  ['x15: 366-day insights', aliased(15, 'insights(from: "2025-11-22T09:00:00Z") { spend { revenue } }')],
];

async function main(): Promise<void> {
  const stack = await startBenchStack(() => NOW);
  try {
    await bulkWrite(stack.client, stack.tableName, [mapItem(DEFAULT_MAP)]);
    for (let i = 0; i < CUSTOMERS; i++) {
      const created = await stack.graphql(`mutation { createCustomer(input: { externalId: "q-${i}", name: "Q ${i}" }) { customer { id } } }`);
      const id = (created.json.data as { createCustomer: { customer: { id: string } } }).createCustomer.customer.id;
      for (const stage of ['ONBOARDING', 'ACTIVE', 'LOYAL'].slice(0, i % 4)) {
        await stack.graphql(`mutation { advanceCustomer(input: { customerId: "${id}", toStage: "${stage}", team: MARKETING }) { customer { id } } }`);
      }
      await stack.graphql(`mutation { recordTouchpoint(input: { customerId: "${id}", team: MARKETING, channel: EMAIL, kind: FEEDBACK, score: 8 }) { touchpoint { id } } }`);
    }
    console.log(`\nDynamoDB requests per query through the handler, ${CUSTOMERS} customers in 4 stages, DynamoDB Local\n`);
    console.log('query | estimated requests | requests sent | answer');
    console.log('---|---|---|---');
    for (const [name, query] of QUERIES) {
      const estimate = operationCost(schema, parse(query), {}, undefined, NOW);
      requestCounts.clear();
      const response = await stack.graphql(query);
      const errors = response.json.errors as { extensions?: { code?: string } }[] | undefined;
      const answer = errors ? (errors[0]?.extensions?.code ?? 'error') : 'answered';
      console.log(`${name} | ${estimate?.requests.toFixed(2)} | ${totalRequests()} | ${answer}`);
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

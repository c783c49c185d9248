// Benchmark: a map update that removes a stage holding BENCH_CUSTOMERS customers (1,000 by default), migrated to
// another stage through the handler on DynamoDB Local: how long, how many DynamoDB requests, and whether the stage
// counters come out exact. Also a single touchpoint's requests before and after (the map-version check it carries).
// Run: npm run bench:maps (starts its own DynamoDB Local).
import { B2B_MAP_INPUT } from '../scripts/lib/b2bMap';
import { mapFromInput } from '../src/domain/mapValidation';
import type { Customer } from '../src/domain/records';
import { customerItem } from '../src/store/items';
import { stageCounterKey } from '../src/store/keys';
import { LifecycleStore } from '../src/store/lifecycleStore';
import { bulkWrite, requestCounts, startBenchStack, totalRequests } from './support';

const NOW = new Date('2026-11-22T09:00:00.000Z');
const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 1_000);
const MAP_FIELDS = 'map { version } migrated';

async function main() {
  // Each request has the 10 s a deployed one has: a migration too large for one resumes in the next, as a client would.
  const stack = await startBenchStack(() => NOW);
  try {
    const created = await stack.graphql(`mutation($input: LifecycleMapInput!) { createLifecycleMap(input: $input) { ${MAP_FIELDS} } }`, {
      input: B2B_MAP_INPUT,
    });
    if (created.json.errors) throw new Error(JSON.stringify(created.json.errors));
    const map = mapFromInput('b2b', B2B_MAP_INPUT, 1);
    const customers: Customer[] = Array.from({ length: CUSTOMERS }, (_, i) => ({
      id: `cus_trial_${String(i).padStart(6, '0')}`,
      mapId: 'b2b',
      externalId: `trial-${i}`,
      name: `Company ${i}`,
      email: null,
      stage: 'TRIAL',
      stageEnteredAt: new Date(NOW.getTime() - i * 60_000).toISOString(),
      version: 2,
      createdAt: new Date(NOW.getTime() - 86_400_000).toISOString(),
      customerSince: new Date(NOW.getTime() - i * 60_000).toISOString(),
      lastThankedAt: null,
      lifetimeRevenue: 0,
      churnReason: null,
    }));
    await bulkWrite(stack.client, stack.tableName, [
      ...customers.map((customer) => customerItem(map, customer)),
      { ...stageCounterKey('b2b', 'TRIAL', 0), type: 'StageCounter', stage: 'TRIAL', count: CUSTOMERS },
    ]);

    const input = structuredClone(B2B_MAP_INPUT);
    input.id = null;
    input.stages = input.stages.filter((stage) => stage.key !== 'TRIAL');
    input.moves = [...input.moves.filter((move) => move.from !== 'TRIAL' && move.to !== 'TRIAL'), { from: 'LEAD', to: 'CUSTOMER' }];
    input.rules = (input.rules ?? []).filter((rule) => rule.toStage !== 'TRIAL' && !rule.fromStages.includes('TRIAL'));
    input.migrate = [{ from: 'TRIAL', to: 'LEAD' }];
    const update = `mutation($input: LifecycleMapInput!) { updateLifecycleMap(id: "b2b", expectedVersion: 1, input: $input) { ${MAP_FIELDS} } }`;

    requestCounts.clear();
    const started = performance.now();
    // A request that runs out of time answers UNAVAILABLE (the map stored, part moved): the client sends it again.
    let requestsSent = 0;
    for (;;) {
      requestsSent++;
      const result = await stack.graphql(update, { input });
      const errors = result.json.errors as { extensions?: { code?: string } }[] | undefined;
      if (errors?.[0]?.extensions?.code === 'UNAVAILABLE') continue;
      if (errors) throw new Error(JSON.stringify(errors));
      break;
    }
    const ms = performance.now() - started;
    const byOperation = Object.fromEntries(requestCounts);
    const total = totalRequests();
    const counts = await new LifecycleStore(stack.client, stack.tableName).stageCounts('b2b', ['LEAD', 'TRIAL'], true);
    console.log(JSON.stringify({ customers: CUSTOMERS, apiRequests: requestsSent, ms: Math.round(ms), perCustomerMs: +(ms / CUSTOMERS).toFixed(2), dynamodbRequests: total, perCustomer: +(total / CUSTOMERS).toFixed(3), byOperation, counts: Object.fromEntries(counts) }));
    if (counts.get('LEAD') !== CUSTOMERS || counts.get('TRIAL') !== 0) throw new Error('The migration is not exact');
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

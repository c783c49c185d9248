// Benchmark: the first page of each team work list costs the same DynamoDB requests, and about the same time, at
// 2,000 and at 20,000 customers. Run: npm run bench:worklists (starts its own DynamoDB Local; about 2 minutes).
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { stageCounterKey } from '../src/store/keys';
import { NOW, population } from './population';
import { bulkWrite, median, requestCounts, startBenchStack, totalRequests } from './support';

const RUNS = 25;

const LISTS: Record<string, string> = {
  atRiskCustomers: '{ atRiskCustomers { totalCount edges { node { id name stageEnteredAt } } } }',
  staleCustomers: '{ staleCustomers(stage: "ONBOARDING") { edges { node { id name stageEnteredAt } } } }',
  openComplaints: '{ openComplaints { edges { node { id occurredAt waitingDays } } } }',
  unthankedCustomers: '{ unthankedCustomers { edges { node { id name lastThankedAt } } } }',
  winBackCandidates: '{ winBackCandidates { totalCount edges { node { id name lifetimeRevenue } } } }',
};

async function measure(stack: Awaited<ReturnType<typeof startBenchStack>>) {
  const rows: Record<string, { requests: number; medianMs: number; items: number }> = {};
  const operations: Record<string, string> = {};
  for (const [name, query] of Object.entries(LISTS)) {
    for (let i = 0; i < 5; i++) await stack.graphql(query); // warm-up: JIT and DynamoDB Local's caches
    const times: number[] = [];
    let requests = 0;
    let items = 0;
    for (let run = 0; run < RUNS; run++) {
      requestCounts.clear();
      const started = process.hrtime.bigint();
      const response = await stack.graphql(query);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      requests = totalRequests();
      if (run === 0) operations[name] = [...requestCounts].map(([op, n]) => `${op} ${n}`).join(', ');
      if (response.json.errors) throw new Error(`${name}: ${JSON.stringify(response.json.errors)}`);
      items = ((response.json.data as Record<string, { edges: unknown[] }>)[name]?.edges ?? []).length;
    }
    rows[name] = { requests, medianMs: Math.round(median(times) * 10) / 10, items };
  }
  for (const [name, ops] of Object.entries(operations)) process.stderr.write(`  ${name}: ${ops}\n`);
  return rows;
}

async function main() {
  const stack = await startBenchStack(() => NOW);
  try {
    await stack.graphql('{ __typename }');
    const { LifecycleStore } = await import('../src/store/lifecycleStore');
    await new LifecycleStore(stack.client, stack.tableName).putMap(DEFAULT_MAP);
    const results: Record<number, Awaited<ReturnType<typeof measure>>> = {};
    let loaded = 0;
    const totals = new Map<string, number>();
    for (const size of [2000, 20000]) {
      const started = Date.now();
      const { items, counts } = population(loaded, size);
      await bulkWrite(stack.client, stack.tableName, items);
      for (const [stage, count] of counts) totals.set(stage, (totals.get(stage) ?? 0) + count);
      await bulkWrite(
        stack.client,
        stack.tableName,
        [...totals].map(([stage, count]) => ({ ...stageCounterKey(DEFAULT_MAP.id, stage, 0), type: 'StageCounter', stage, count })),
      );
      loaded = size;
      process.stderr.write(`loaded ${size} customers (${items.length} items in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      results[size] = await measure(stack);
    }
    console.log(`\nFirst page (20) of each work list through the handler, DynamoDB Local, median of ${RUNS} runs\n`);
    console.log('list                 | requests @2k | requests @20k | ms @2k | ms @20k | items');
    console.log('---------------------|--------------|---------------|--------|---------|------');
    for (const name of Object.keys(LISTS)) {
      const small = results[2000]?.[name];
      const large = results[20000]?.[name];
      console.log(
        `${name.padEnd(21)}| ${String(small?.requests).padStart(12)} | ${String(large?.requests).padStart(13)} | ${String(small?.medianMs).padStart(6)} | ${String(large?.medianMs).padStart(7)} | ${large?.items}`,
      );
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

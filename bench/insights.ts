// Benchmark: insights for a 30-day and a 366-day window cost the same DynamoDB requests and about the same time
// at 2,000 and at 20,000 customers: the read is bounded by the window's days, not by the data.
// Run: npm run bench:insights (starts its own DynamoDB Local; under a minute).
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { COUNTER, dayOf } from '../src/domain/insights';
import type { Customer } from '../src/domain/records';
import { customerItem } from '../src/store/items';
import { INSIGHT_SHARDS, insightKey } from '../src/store/keys';
import type { Item } from '../src/store/items';
import { bulkWrite, median, requestCounts, startBenchStack, totalRequests } from './support';

const NOW = new Date('2026-11-22T09:00:00.000Z');
const DAY = 86_400_000;
const RUNS = 15;
const QUERY = (days: number) =>
  `{ insights(from: "${new Date(NOW.getTime() - days * DAY).toISOString()}", to: "${NOW.toISOString()}") {
    conversion { entered movedOn rate } transitions { count } stageDurations { exits medianDays p90Days }
    churnReasons { reason count share } spend { acquisition retention revenue } } }`;

/** A month's revenue-by-band counters: every band on every day of it. */
function monthItem(month: string, shard: number, perDay: number): Item {
  const item: Item = { ...insightKey(DEFAULT_MAP.id, month, shard), type: 'InsightCounters', period: month };
  for (let day = 1; day <= 31; day++) {
    for (const band of ['ALARM', 'MET', 'EXCEPTIONAL', '']) {
      item[COUNTER.bandRevenue(String(day).padStart(2, '0'), band)] = 25 * perDay;
      item[COUNTER.bandTouchpoints(String(day).padStart(2, '0'), band)] = perDay;
    }
  }
  return item;
}

/** Customers, and the day counters their history would have written over 400 days, scaled to their number. */
function population(from: number, to: number, customers: number): Item[] {
  const items: Item[] = [];
  for (let i = from; i < to; i++) {
    const at = new Date(NOW.getTime() - (i % 400) * DAY).toISOString();
    const customer: Customer = {
      id: `cus_bench_${String(i).padStart(6, '0')}`, mapId: DEFAULT_MAP.id, externalId: `bench-${i}`, name: `Customer ${i}`,
      email: null, stage: 'ACTIVE', stageEnteredAt: at, version: 3, createdAt: at,
      customerSince: at, lastThankedAt: null, lifetimeRevenue: 0, churnReason: null,
    };
    items.push(customerItem(DEFAULT_MAP, customer));
  }
  const perDay = Math.max(1, Math.round(customers / 400));
  for (let d = 0; d < 400; d++) {
    const day = dayOf(new Date(NOW.getTime() - d * DAY).toISOString());
    for (let shard = 0; shard < INSIGHT_SHARDS; shard++) {
      items.push({
        ...insightKey(DEFAULT_MAP.id, day, shard), type: 'InsightCounters', period: day,
        [COUNTER.transition(null, 'PROSPECT')]: perDay, [COUNTER.transition('PROSPECT', 'ONBOARDING')]: perDay,
        [COUNTER.exit('PROSPECT')]: perDay, [COUNTER.duration('PROSPECT', 3)]: perDay,
        [COUNTER.churn('too expensive')]: 1, [COUNTER.churnText('too expensive')]: 'Too expensive',
        [COUNTER.acquisitionCost]: 10 * perDay, [COUNTER.retentionCost]: 5 * perDay, [COUNTER.revenue]: 100 * perDay,
        [COUNTER.deliveries]: 3 * perDay, [COUNTER.withFeedback]: 2 * perDay,
        [COUNTER.reachDays('Spring sale')]: 2 * perDay, [COUNTER.reachPairs(7, 'Spring sale')]: perDay,
        [COUNTER.converted('Spring sale')]: perDay, [COUNTER.campaignRevenue('Spring sale')]: 50 * perDay,
      });
      if (day.endsWith('-01')) items.push(monthItem(day.slice(0, 7), shard, perDay));
    }
  }
  return items;
}

async function main() {
  const stack = await startBenchStack(() => NOW);
  try {
    const { LifecycleStore } = await import('../src/store/lifecycleStore');
    await new LifecycleStore(stack.client, stack.tableName).putMap(DEFAULT_MAP);
    const rows: string[] = [];
    let loaded = 0;
    for (const size of [2000, 20000]) {
      await bulkWrite(stack.client, stack.tableName, population(loaded, size, size));
      loaded = size;
      for (const days of [30, 366]) {
        for (let i = 0; i < 5; i++) await stack.graphql(QUERY(days));
        const times: number[] = [];
        let requests = '';
        for (let run = 0; run < RUNS; run++) {
          requestCounts.clear();
          const started = process.hrtime.bigint();
          const response = await stack.graphql(QUERY(days));
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (response.json.errors) throw new Error(JSON.stringify(response.json.errors));
          requests = `${totalRequests()} (${[...requestCounts].map(([op, n]) => `${op} ${n}`).join(', ')})`;
        }
        rows.push(`${String(size).padStart(9)} | ${String(days).padStart(6)} | ${requests.padEnd(24)} | ${(Math.round(median(times) * 10) / 10).toString().padStart(9)}`);
      }
    }
    console.log(`\ninsights through the handler, DynamoDB Local, median of ${RUNS} runs\n`);
    console.log('customers |   days | DynamoDB requests        | median ms');
    console.log('----------|--------|--------------------------|----------');
    for (const row of rows) console.log(row);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

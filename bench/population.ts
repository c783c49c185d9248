// Demo population for the benches: customers spread over every stage of the default map, written as items.
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { touchpointId } from '../src/domain/moves';
import type { Customer, Touchpoint } from '../src/domain/records';
import { customerItem, touchpointItem } from '../src/store/items';

export const NOW = new Date('2026-11-22T09:00:00.000Z');
const DAY = 86_400_000;
const STAGES = DEFAULT_MAP.stages.map((s) => s.key);

/** Customers spread over every stage, with entry dates, thanks, revenue and open complaints of their own. */
export function population(from: number, to: number) {
  const items = [];
  const counts = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const stage = STAGES[i % STAGES.length] as string;
    const entered = new Date(NOW.getTime() - ((i * 7919) % 400) * DAY - (i % 1000)).toISOString();
    const customer: Customer = {
      id: `cus_bench_${String(i).padStart(6, '0')}`,
      mapId: DEFAULT_MAP.id,
      externalId: `bench-${i}`,
      name: `Customer ${i}`,
      email: null,
      stage,
      stageEnteredAt: entered,
      version: 1,
      createdAt: entered,
      customerSince: stage === 'PROSPECT' ? null : entered,
      lastThankedAt: i % 3 === 0 ? null : new Date(NOW.getTime() - ((i * 31) % 500) * DAY).toISOString(),
      lifetimeRevenue: (i * 37) % 5000,
      churnReason: stage === 'CHURNED' ? 'Too expensive' : null,
    };
    items.push(customerItem(DEFAULT_MAP, customer));
    counts.set(stage, (counts.get(stage) ?? 0) + 1);
    if (i % 10 === 0) {
      const occurredAt = new Date(NOW.getTime() - ((i * 13) % 90) * DAY).toISOString();
      const complaint: Touchpoint = {
        id: touchpointId(occurredAt, `b${i}`),
        customerId: customer.id,
        mapId: DEFAULT_MAP.id,
        team: 'OPERATIONS',
        channel: 'PHONE',
        kind: 'COMPLAINT',
        occurredAt,
        recordedAt: occurredAt,
        score: null,
        note: null,
        revenue: null,
        cost: null,
        recordedBy: 'bench',
        resolvedAt: null,
        resolvedById: null,
        resolvesId: null,
        campaign: null,
      };
      items.push(touchpointItem(complaint));
    }
  }
  return { items, counts };
}

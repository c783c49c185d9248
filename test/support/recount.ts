import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { bandOf } from '../../src/domain/map';
import type { Customer, Touchpoint, Transition } from '../../src/domain/records';
import type { LifecycleStore } from '../../src/store/lifecycleStore';

/**
 * The insight figures recounted from the stored facts (customers, their journeys and touchpoints), never from
 * the aggregates: what the write-time counters must always equal.
 */
export interface Recount {
  transitions: Map<string, number>;
  exits: Map<string, number>;
  /** Stage -> every stay in days, in any order. */
  stays: Map<string, number[]>;
  churnReasons: Map<string, number>;
  acquisition: number;
  retention: number;
  revenue: number;
  /** Band key ('' for not yet scored) -> revenue and touchpoints with revenue. */
  revenueByBand: Map<string, { revenue: number; touchpoints: number }>;
  deliveries: number;
  withFeedback: number;
  /** Campaign -> distinct prospects reached, purchases credited and their revenue. */
  campaigns: Map<string, { reached: Set<string>; converted: number; revenue: number }>;
}

const DAY = 86_400_000;

export async function recountFacts(store: LifecycleStore, days: { first: string; last: string }): Promise<Recount> {
  const inWindow = (instant: string) => instant.slice(0, 10) >= days.first && instant.slice(0, 10) <= days.last;
  const customers: Customer[] = [];
  let after: string | null = null;
  do {
    const page = await store.customersInStages('default', DEFAULT_MAP.stages.map((s) => s.key), 100, after);
    customers.push(...page.nodes.map((n) => n.node));
    after = page.hasNextPage ? (page.nodes.at(-1)?.cursor ?? null) : null;
  } while (after);

  const recount: Recount = {
    transitions: new Map(),
    exits: new Map(),
    stays: new Map(),
    churnReasons: new Map(),
    acquisition: 0,
    retention: 0,
    revenue: 0,
    revenueByBand: new Map(),
    deliveries: 0,
    withFeedback: 0,
    campaigns: new Map(),
  };
  const campaign = (name: string) => {
    const figures = recount.campaigns.get(name) ?? { reached: new Set<string>(), converted: 0, revenue: 0 };
    recount.campaigns.set(name, figures);
    return figures;
  };
  const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
  for (const customer of customers) {
    const journey: Transition[] = await store.journey(customer.id);
    journey.forEach((transition, i) => {
      if (!inWindow(transition.at)) return;
      bump(recount.transitions, `${transition.from ?? ''}>${transition.to}`);
      const previous = journey[i - 1];
      if (previous && transition.from) {
        bump(recount.exits, transition.from);
        recount.stays.set(transition.from, [...(recount.stays.get(transition.from) ?? []), (Date.parse(transition.at) - Date.parse(previous.at)) / DAY]);
      }
      if (transition.to === 'CHURNED' && transition.reason) bump(recount.churnReasons, transition.reason.trim().replace(/\s+/g, ' ').toLowerCase());
    });
    const touchpoints: Touchpoint[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.touchpoints(customer.id, 100, cursor, null);
      touchpoints.push(...page.nodes.map((n) => n.node));
      cursor = page.hasNextPage ? (page.nodes.at(-1)?.cursor ?? null) : null;
    } while (cursor);
    for (const touchpoint of touchpoints) {
      if (!inWindow(touchpoint.occurredAt)) continue;
      // The stage it stood in when the touchpoint happened, before any move the touchpoint itself made.
      const stageThen =
        journey.filter((t) => t.at <= touchpoint.occurredAt && t.touchpointId !== touchpoint.id).at(-1)?.to ?? 'PROSPECT';
      if (touchpoint.cost) {
        if (stageThen === 'PROSPECT' || stageThen === 'CHURNED') recount.acquisition += touchpoint.cost;
        else recount.retention += touchpoint.cost;
      }
      recount.revenue += touchpoint.revenue ?? 0;
      if ((touchpoint.revenue ?? 0) > 0) {
        // The latest scored touchpoint up to and including this one, in touchpoint order.
        const score = touchpoints.filter((t) => t.score !== null && t.id <= touchpoint.id).at(-1)?.score ?? null;
        const band = bandOf(DEFAULT_MAP, score)?.key ?? '';
        const row = recount.revenueByBand.get(band) ?? { revenue: 0, touchpoints: 0 };
        recount.revenueByBand.set(band, { revenue: row.revenue + (touchpoint.revenue ?? 0), touchpoints: row.touchpoints + 1 });
      }
      if (touchpoint.kind === 'SERVICE_DELIVERY') {
        recount.deliveries++;
        const at = Date.parse(touchpoint.occurredAt);
        const followed = touchpoints.some((t) => t.score !== null && Date.parse(t.occurredAt) >= at && Date.parse(t.occurredAt) - at <= DEFAULT_MAP.feedbackWithinDays * DAY);
        if (followed) recount.withFeedback++;
      }
      if (touchpoint.kind === 'CAMPAIGN' && stageThen === 'PROSPECT' && touchpoint.campaign) {
        campaign(touchpoint.campaign).reached.add(customer.id);
      }
      if (touchpoint.kind === 'PURCHASE' && stageThen === 'PROSPECT') {
        const at = Date.parse(touchpoint.occurredAt);
        const credited = touchpoints
          .filter((t) => t.kind === 'CAMPAIGN' && Date.parse(t.occurredAt) <= at && at - Date.parse(t.occurredAt) <= DEFAULT_MAP.attributionDays * DAY)
          .at(-1);
        if (credited?.campaign) {
          campaign(credited.campaign).converted++;
          campaign(credited.campaign).revenue += touchpoint.revenue ?? 0;
        }
      }
    }
  }
  return recount;
}

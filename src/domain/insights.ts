import { badInput } from './errors';
import { entryStage, type BandDefinition, type LifecycleMap } from './map';
import { textId } from './counterNames';
import type { Instant, Touchpoint, Transition } from './records';
import { DAY_MS } from './time';

/**
 * Insights are sums of per-day counters kept at write time. A change contributes counters to the day its event
 * happened (a transition's `at`, a touchpoint's `occurredAt`); a window's figures add up the days it covers.
 */
export interface Contribution {
  /** The item it adds to: a day (YYYY-MM-DD), or a month (YYYY-MM) for counters named by their day. */
  period: string;
  /** Counter name -> amount to add. */
  add: Record<string, number>;
  /** Name -> text kept as first written (the display form of a churn reason). */
  keepFirst: Record<string, string>;
}

const cents = (amount: number): number => Math.round(amount * 100) / 100;
export const WINDOW = { defaultDays: 90, maxDays: 366 } as const;

/** The UTC day of an instant, as YYYY-MM-DD. */
export const dayOf = (instant: Instant): string => instant.slice(0, 10);
/** The UTC month of an instant or day, as YYYY-MM. */
export const monthOf = (instantOrDay: string): string => instantOrDay.slice(0, 7);

/**
 * Counter names: short, and never colliding however a stage key is spelt ("|" separates). Free text (a churn
 * reason, a campaign) is named by its hash (textId), so a name's length is fixed; its display text is kept once
 * per item under the "n|" (reasons) or "m|" (campaigns) name of the same hash.
 */
export const COUNTER = {
  transition: (from: string | null, to: string) => `t|${from ?? ''}|${to}`,
  exit: (stage: string) => `x|${stage}`,
  duration: (stage: string, bucket: number) => `d|${stage}|${bucket}`,
  churn: (reason: string) => `c|${textId(reasonKey(reason))}`,
  churnText: (reason: string) => `n|${textId(reasonKey(reason))}`,
  acquisitionCost: 'sa',
  retentionCost: 'sr',
  revenue: 'rv',
  deliveries: 'fd',
  withFeedback: 'ff',
  // Kept in month items, named by day of month, so that a late score re-bands a long stretch in few writes.
  bandRevenue: (dayOfMonth: string, band: string) => `b|${dayOfMonth}|${band}`,
  bandTouchpoints: (dayOfMonth: string, band: string) => `bn|${dayOfMonth}|${band}`,
  reachDays: (campaign: string) => `cr|${textId(campaign)}`,
  reachPairs: (gapDays: number, campaign: string) => `cp|${gapDays}|${textId(campaign)}`,
  converted: (campaign: string) => `cc|${textId(campaign)}`,
  campaignRevenue: (campaign: string) => `cv|${textId(campaign)}`,
  campaignText: (campaign: string) => `m|${textId(campaign)}`,
} as const;

/** The display text kept with a reason's or campaign's counters: name -> text. */
const TEXT_PREFIXES = ['n|', 'm|'];

// ---- stage durations: a histogram exact to the day up to 14 days, then buckets 20% wide ----------------------

const EXACT_DAYS = 15;
const GROWTH = 1.2;

/** The histogram bucket of a stay: whole days below 15, then geometric buckets [15*1.2^k, 15*1.2^(k+1)). */
export function durationBucket(days: number): number {
  if (days < EXACT_DAYS) return Math.max(0, Math.floor(days));
  return EXACT_DAYS + Math.floor(Math.log(days / EXACT_DAYS) / Math.log(GROWTH));
}

/** The value a bucket stands for: the middle of its day, or the geometric middle of a wide bucket (within 10%). */
export function bucketValue(bucket: number): number {
  if (bucket < EXACT_DAYS) return bucket + 0.5;
  const low = EXACT_DAYS * GROWTH ** (bucket - EXACT_DAYS);
  return Math.round(low * Math.sqrt(GROWTH) * 100) / 100;
}

/** A nearest-rank quantile of a histogram (bucket -> count). */
export function histogramQuantile(histogram: Map<number, number>, quantile: number): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(quantile * total));
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket) ?? 0;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}

// ---- churn reasons -------------------------------------------------------------------------------------------

/** Reasons are compared trimmed, with inner spaces collapsed and without case. */
export function reasonKey(reason: string): string {
  return reason.trim().replace(/\s+/g, ' ').toLowerCase();
}

// ---- what a change contributes --------------------------------------------------------------------------------

/** A transition counts on its day: the pair, the stay it ends (exit and duration) and, into churn, its reason. */
export function transitionContribution(map: LifecycleMap, transition: Transition): Contribution {
  const add: Record<string, number> = { [COUNTER.transition(transition.from, transition.to)]: 1 };
  const keepFirst: Record<string, string> = {};
  if (transition.fromEnteredAt !== null && transition.from !== null) {
    const days = (Date.parse(transition.at) - Date.parse(transition.fromEnteredAt)) / DAY_MS;
    add[COUNTER.exit(transition.from)] = 1;
    add[COUNTER.duration(transition.from, durationBucket(days))] = 1;
  }
  if (transition.to === map.churnedStage && transition.reason !== null) {
    add[COUNTER.churn(transition.reason)] = 1;
    keepFirst[COUNTER.churnText(transition.reason)] = transition.reason.trim().replace(/\s+/g, ' ');
  }
  return { period: dayOf(transition.at), add, keepFirst };
}

/** Customers not yet won (a prospect) or lost (churned) cost acquisition; everyone else costs retention. */
export function isAcquisitionStage(map: LifecycleMap, stage: string): boolean {
  return stage === entryStage(map).key || stage === map.churnedStage;
}

/** A touchpoint counts its cost, as acquisition or retention by the stage its customer stood in, and its revenue. */
export function touchpointContribution(map: LifecycleMap, stageThen: string, touchpoint: Touchpoint): Contribution | null {
  const add: Record<string, number> = {};
  if (touchpoint.cost) {
    add[isAcquisitionStage(map, stageThen) ? COUNTER.acquisitionCost : COUNTER.retentionCost] = touchpoint.cost;
  }
  if (touchpoint.revenue) add[COUNTER.revenue] = touchpoint.revenue;
  if (Object.keys(add).length === 0) return null;
  return { period: dayOf(touchpoint.occurredAt), add, keepFirst: {} };
}

/**
 * Contributions to the same item become one, so a transaction updates each item once; amounts that cancel out
 * (a late score moving revenue out of a band and back) are left out, and so are items left with nothing to add.
 */
export function mergeContributions(contributions: (Contribution | null)[]): Contribution[] {
  const byPeriod = new Map<string, Contribution>();
  for (const contribution of contributions) {
    if (contribution === null) continue;
    const merged = byPeriod.get(contribution.period) ?? { period: contribution.period, add: {}, keepFirst: {} };
    for (const [name, amount] of Object.entries(contribution.add)) merged.add[name] = (merged.add[name] ?? 0) + amount;
    for (const [name, text] of Object.entries(contribution.keepFirst)) merged.keepFirst[name] ??= text;
    byPeriod.set(contribution.period, merged);
  }
  const kept: Contribution[] = [];
  for (const merged of byPeriod.values()) {
    merged.add = Object.fromEntries(Object.entries(merged.add).filter(([, amount]) => Math.abs(amount) > 1e-9));
    if (Object.keys(merged.add).length > 0 || Object.keys(merged.keepFirst).length > 0) kept.push(merged);
  }
  return kept;
}

// ---- the window and the figures ---------------------------------------------------------------------------------

export interface InsightWindow {
  from: Instant;
  to: Instant;
  /** The UTC days it covers, in order. */
  days: string[];
  /** The months those days fall in, in order. */
  months: string[];
}

/** The window: by default the 90 days up to now; refused when reversed or longer than 366 days. */
export function insightWindow(from: Instant | null | undefined, to: Instant | null | undefined, now: Date): InsightWindow {
  const end = to ?? now.toISOString();
  const start = from ?? new Date(Date.parse(end) - WINDOW.defaultDays * DAY_MS).toISOString();
  if (start > end) throw badInput('from', 'from must not be after to');
  if (Date.parse(end) - Date.parse(start) > WINDOW.maxDays * DAY_MS) {
    throw badInput('from', `The window must not be longer than ${WINDOW.maxDays} days`);
  }
  const days: string[] = [];
  for (let day = Date.parse(`${dayOf(start)}T00:00:00.000Z`); day <= Date.parse(end); day += DAY_MS) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return { from: start, to: end, days, months: [...new Set(days.map(monthOf))] };
}

/** The counters of one item: name -> amount (or first-written text). */
export type Counters = Record<string, unknown>;

export interface StageConversionFigure {
  stage: string;
  next: string;
  entered: number;
  movedOn: number;
  rate: number | null;
}

export interface BandRevenueFigure {
  band: BandDefinition | null;
  revenue: number;
  touchpoints: number;
}

export interface CampaignFigure {
  campaign: string;
  prospectsReached: number;
  converted: number;
  rate: number | null;
  revenue: number;
}

export interface InsightFigures {
  conversion: StageConversionFigure[];
  transitions: { from: string | null; to: string; count: number }[];
  stageDurations: { stage: string; exits: number; medianDays: number | null; p90Days: number | null }[];
  churnReasons: { reason: string; count: number; share: number }[];
  spend: { acquisition: number; retention: number; revenue: number };
  revenueByBand: BandRevenueFigure[];
  feedbackCoverage: { deliveries: number; withFeedback: number; rate: number | null };
  campaigns: CampaignFigure[];
}

/**
 * The figures of a window from the counters of its items (period -> the shards' counters): its days' items, in
 * order, so a reason's first-written text is the earliest, and its months' items for the counters named by day.
 */
export function figures(map: LifecycleMap, window: InsightWindow, items: Map<string, Counters[]>): InsightFigures {
  const dayItems = window.days.map((day) => items.get(day) ?? []);
  const totals = new Map<string, number>();
  const firstText = new Map<string, string>();
  for (const day of dayItems.flat()) {
    for (const [name, value] of Object.entries(day)) {
      if (typeof value === 'number') totals.set(name, (totals.get(name) ?? 0) + value);
      else if (typeof value === 'string' && TEXT_PREFIXES.some((prefix) => name.startsWith(prefix)) && !firstText.has(name)) {
        firstText.set(name, value);
      }
    }
  }
  const total = (name: string) => totals.get(name) ?? 0;
  const stages = [...map.stages].sort((a, b) => a.position - b.position);

  const transitions = [...totals]
    .filter(([name, count]) => name.startsWith('t|') && count > 0)
    .map(([name, count]) => {
      const [, from, to] = name.split('|');
      return { from: from === '' ? null : (from as string), to: to as string, count };
    })
    .sort((a, b) => b.count - a.count || String(a.from).localeCompare(String(b.from)) || a.to.localeCompare(b.to));

  const entered = (stage: string) => transitions.filter((t) => t.to === stage).reduce((sum, t) => sum + t.count, 0);
  const path = stages.filter((stage) => !stage.offPath);
  const conversion = path.slice(0, -1).map((stage, i) => {
    const next = (path[i + 1] as typeof stage).key;
    const into = entered(stage.key);
    const movedOn = total(COUNTER.transition(stage.key, next));
    return { stage: stage.key, next, entered: into, movedOn, rate: into === 0 ? null : movedOn / into };
  });

  const stageDurations = stages.map((stage) => {
    const histogram = new Map<number, number>();
    for (const [name, count] of totals) {
      if (name.startsWith(`d|${stage.key}|`)) histogram.set(Number(name.split('|')[2]), count);
    }
    return {
      stage: stage.key,
      exits: total(COUNTER.exit(stage.key)),
      medianDays: histogramQuantile(histogram, 0.5),
      p90Days: histogramQuantile(histogram, 0.9),
    };
  });

  const churns = [...totals].filter(([name, count]) => name.startsWith('c|') && count > 0);
  const churned = churns.reduce((sum, [, count]) => sum + count, 0);
  const churnReasons = churns
    .map(([name, count]) => {
      // Items from before counters were named by hash hold the reason key itself: shown as such.
      return { reason: firstText.get(`n|${name.slice(2)}`) ?? name.slice(2), count, share: count / churned };
    })
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

  const deliveries = total(COUNTER.deliveries);
  const withFeedback = total(COUNTER.withFeedback);
  return {
    conversion,
    transitions,
    stageDurations,
    churnReasons,
    // Money is summed exactly by DynamoDB per item; adding items in floating point is rounded back to cents.
    spend: {
      acquisition: cents(total(COUNTER.acquisitionCost)),
      retention: cents(total(COUNTER.retentionCost)),
      revenue: cents(total(COUNTER.revenue)),
    },
    revenueByBand: revenueByBand(map, window, items),
    feedbackCoverage: { deliveries, withFeedback, rate: deliveries === 0 ? null : withFeedback / deliveries },
    campaigns: campaigns(dayItems, firstText),
  };
}

/** Every band of the map, lowest first, then revenue not yet scored: from the month items, days in the window only. */
function revenueByBand(map: LifecycleMap, window: InsightWindow, items: Map<string, Counters[]>): BandRevenueFigure[] {
  const inWindow = new Set(window.days);
  const revenue = new Map<string, number>();
  const touchpoints = new Map<string, number>();
  for (const month of window.months) {
    for (const counters of items.get(month) ?? []) {
      for (const [name, value] of Object.entries(counters)) {
        const [kind, dayOfMonth, band] = name.split('|') as [string, string, string];
        if ((kind !== 'b' && kind !== 'bn') || typeof value !== 'number' || !inWindow.has(`${month}-${dayOfMonth}`)) continue;
        const into = kind === 'b' ? revenue : touchpoints;
        into.set(band, (into.get(band) ?? 0) + value);
      }
    }
  }
  const bands = [...map.bands].sort((a, b) => a.min - b.min);
  return [...bands.map((band) => [band.key, band] as const), ['', null] as const].map(([key, band]) => ({
    band,
    revenue: cents(revenue.get(key) ?? 0),
    touchpoints: touchpoints.get(key) ?? 0,
  }));
}

/** Campaigns, most converted first. Reach pairs count only when their earlier day lies in the window too. */
function campaigns(dayItems: Counters[][], firstText: Map<string, string>): CampaignFigure[] {
  const figuresOf = new Map<string, CampaignFigure>();
  // Counters are named by the campaign's hash; each item that holds them holds its name too.
  const of = (id: string) => {
    let figure = figuresOf.get(id);
    if (!figure) {
      figure = { campaign: firstText.get(`m|${id}`) ?? id, prospectsReached: 0, converted: 0, rate: null, revenue: 0 };
      figuresOf.set(id, figure);
    }
    return figure;
  };
  dayItems.forEach((shards, dayIndex) => {
    for (const [name, value] of shards.flatMap((counters) => Object.entries(counters))) {
      if (typeof value !== 'number') continue;
      const bar = name.indexOf('|');
      const kind = name.slice(0, bar);
      if (kind === 'cr') of(name.slice(bar + 1)).prospectsReached += value;
      else if (kind === 'cc') of(name.slice(bar + 1)).converted += value;
      else if (kind === 'cv') of(name.slice(bar + 1)).revenue += value;
      else if (kind === 'cp') {
        const second = name.indexOf('|', bar + 1);
        if (Number(name.slice(bar + 1, second)) <= dayIndex) of(name.slice(second + 1)).prospectsReached -= value;
      }
    }
  });
  return [...figuresOf.values()]
    .filter((figure) => figure.prospectsReached !== 0 || figure.converted !== 0)
    .map((figure) => ({
      ...figure,
      revenue: cents(figure.revenue),
      rate: figure.prospectsReached === 0 ? null : figure.converted / figure.prospectsReached,
    }))
    .sort((a, b) => b.converted - a.converted || b.prospectsReached - a.prospectsReached || a.campaign.localeCompare(b.campaign));
}

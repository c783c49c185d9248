import { badInput } from './errors';
import { entryStage, type LifecycleMap } from './map';
import type { Customer, Instant, Touchpoint, Transition } from './records';

/**
 * Insights are sums of per-day counters kept at write time. A change contributes counters to the day its event
 * happened (a transition's `at`, a touchpoint's `occurredAt`); a window's figures add up the days it covers.
 */
export interface Contribution {
  day: string;
  /** Counter name -> amount to add. */
  add: Record<string, number>;
  /** Name -> text kept as first written (the display form of a churn reason). */
  keepFirst: Record<string, string>;
}

const DAY_MS = 86_400_000;
const cents = (amount: number): number => Math.round(amount * 100) / 100;
export const WINDOW = { defaultDays: 90, maxDays: 366 } as const;

/** The UTC day of an instant, as YYYY-MM-DD. */
export const dayOf = (instant: Instant): string => instant.slice(0, 10);

/** Counter names: short, and never colliding however a stage key or reason is spelt ("|" separates). */
export const COUNTER = {
  transition: (from: string | null, to: string) => `t|${from ?? ''}|${to}`,
  exit: (stage: string) => `x|${stage}`,
  duration: (stage: string, bucket: number) => `d|${stage}|${bucket}`,
  churn: (reasonKey: string) => `c|${reasonKey}`,
  churnText: (reasonKey: string) => `n|${reasonKey}`,
  acquisitionCost: 'sa',
  retentionCost: 'sr',
  revenue: 'rv',
} as const;

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
export function transitionContribution(map: LifecycleMap, before: Customer | null, transition: Transition): Contribution {
  const add: Record<string, number> = { [COUNTER.transition(transition.from, transition.to)]: 1 };
  const keepFirst: Record<string, string> = {};
  if (before !== null && transition.from !== null) {
    const days = (Date.parse(transition.at) - Date.parse(before.stageEnteredAt)) / DAY_MS;
    add[COUNTER.exit(transition.from)] = 1;
    add[COUNTER.duration(transition.from, durationBucket(days))] = 1;
  }
  if (transition.to === map.churnedStage && transition.reason !== null) {
    const key = reasonKey(transition.reason);
    add[COUNTER.churn(key)] = 1;
    keepFirst[COUNTER.churnText(key)] = transition.reason.trim().replace(/\s+/g, ' ');
  }
  return { day: dayOf(transition.at), add, keepFirst };
}

/** Customers not yet won (a prospect) or lost (churned) cost acquisition; everyone else costs retention. */
export function isAcquisitionStage(map: LifecycleMap, stage: string): boolean {
  return stage === entryStage(map).key || stage === map.churnedStage;
}

/**
 * The stage a customer stood in when something happened: its current stage unless the instant is before it
 * entered it, then the journey tells (before its first transition, the map's first stage).
 */
export function stageAt(map: LifecycleMap, customer: Customer, journey: Transition[] | null, at: Instant): string {
  if (at >= customer.stageEnteredAt || journey === null) return customer.stage;
  let stage = entryStage(map).key;
  for (const transition of journey) {
    if (transition.at > at) break;
    stage = transition.to;
  }
  return stage;
}

/** A touchpoint counts its cost, as acquisition or retention by the stage its customer stood in, and its revenue. */
export function touchpointContribution(map: LifecycleMap, stageThen: string, touchpoint: Touchpoint): Contribution | null {
  const add: Record<string, number> = {};
  if (touchpoint.cost) {
    add[isAcquisitionStage(map, stageThen) ? COUNTER.acquisitionCost : COUNTER.retentionCost] = touchpoint.cost;
  }
  if (touchpoint.revenue) add[COUNTER.revenue] = touchpoint.revenue;
  if (Object.keys(add).length === 0) return null;
  return { day: dayOf(touchpoint.occurredAt), add, keepFirst: {} };
}

/** Contributions to the same day become one, so a transaction updates each day's item once. */
export function mergeContributions(contributions: (Contribution | null)[]): Contribution[] {
  const byDay = new Map<string, Contribution>();
  for (const contribution of contributions) {
    if (contribution === null) continue;
    const merged = byDay.get(contribution.day) ?? { day: contribution.day, add: {}, keepFirst: {} };
    for (const [name, amount] of Object.entries(contribution.add)) merged.add[name] = (merged.add[name] ?? 0) + amount;
    for (const [name, text] of Object.entries(contribution.keepFirst)) merged.keepFirst[name] ??= text;
    byDay.set(contribution.day, merged);
  }
  return [...byDay.values()];
}

// ---- the window and the figures ---------------------------------------------------------------------------------

export interface InsightWindow {
  from: Instant;
  to: Instant;
  days: string[];
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
  return { from: start, to: end, days };
}

export interface StageConversionFigure {
  stage: string;
  next: string;
  entered: number;
  movedOn: number;
  rate: number | null;
}

export interface InsightFigures {
  conversion: StageConversionFigure[];
  transitions: { from: string | null; to: string; count: number }[];
  stageDurations: { stage: string; exits: number; medianDays: number | null; p90Days: number | null }[];
  churnReasons: { reason: string; count: number; share: number }[];
  spend: { acquisition: number; retention: number; revenue: number };
}

/** The figures of a window from its days' counters (days in order, so a reason's first-written text is the earliest). */
export function figures(map: LifecycleMap, days: Record<string, unknown>[]): InsightFigures {
  const totals = new Map<string, number>();
  const firstText = new Map<string, string>();
  for (const day of days) {
    for (const [name, value] of Object.entries(day)) {
      if (typeof value === 'number') totals.set(name, (totals.get(name) ?? 0) + value);
      else if (typeof value === 'string' && name.startsWith('n|') && !firstText.has(name)) firstText.set(name, value);
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
      const key = name.slice(2);
      return { reason: firstText.get(COUNTER.churnText(key)) ?? key, count, share: count / churned };
    })
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

  return {
    conversion,
    transitions,
    stageDurations,
    churnReasons,
    // Money is summed exactly by DynamoDB per day; adding days in floating point is rounded back to cents.
    spend: {
      acquisition: cents(total(COUNTER.acquisitionCost)),
      retention: cents(total(COUNTER.retentionCost)),
      revenue: cents(total(COUNTER.revenue)),
    },
  };
}

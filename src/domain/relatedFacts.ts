import { WINDOW } from './insights';
import { entryStage, type LifecycleMap } from './map';
import type { Instant, Touchpoint, Transition } from './records';
import { DAY_MS } from './time';

/**
 * Three insight figures relate a touchpoint to the customer's other touchpoints, whatever order they arrive in:
 * feedback coverage (a delivery and the scores after it), revenue by band (revenue and the score before it) and
 * campaign conversion (a purchase and the campaigns before it). The projector counts a customer's facts one at a
 * time, each against every fact of that customer it counted before, whatever order they arrive in; these are the
 * facts a touchpoint is counted against.
 */
export interface RelatedFacts {
  /** The customer's touchpoints that happened within nearbyDays(map) either side of it. */
  nearby: Touchpoint[];
  /** The customer's latest scored touchpoint before it, in touchpoint order. */
  scoreBefore: Touchpoint | null;
  /** For a scored touchpoint: the customer's touchpoints with revenue after it, up to its next scored one. */
  revenueUntilNextScore: Touchpoint[];
  /** For a CAMPAIGN touchpoint: the customer's touchpoints of the same campaign within a window's length either side. */
  sameCampaign: Touchpoint[];
  /** The customer's transitions, oldest first. */
  journey: Transition[];
}


/** Whether a touchpoint's contribution depends on the customer's other touchpoints. */
export function relatesToOthers(touchpoint: Touchpoint): boolean {
  return (
    touchpoint.kind === 'SERVICE_DELIVERY' ||
    touchpoint.kind === 'CAMPAIGN' ||
    touchpoint.kind === 'PURCHASE' ||
    touchpoint.score !== null ||
    (touchpoint.revenue ?? 0) > 0
  );
}

/** Whether a touchpoint adds to any insight figure: then the projector counts it (see src/app/projectFacts.ts). */
export function countsInInsights(touchpoint: Touchpoint): boolean {
  return relatesToOthers(touchpoint) || (touchpoint.cost ?? 0) > 0;
}

/**
 * The span either side of a touchpoint in which the rules it takes part in look: feedback for a delivery or a
 * score, attribution for a purchase or a campaign; null when neither (revenue alone needs only the score before).
 */
export function nearbySpan(map: LifecycleMap, touchpoint: Touchpoint): { from: Instant; to: Instant } | null {
  const feedback = touchpoint.kind === 'SERVICE_DELIVERY' || touchpoint.score !== null ? map.feedbackWithinDays : 0;
  const attribution = touchpoint.kind === 'PURCHASE' || touchpoint.kind === 'CAMPAIGN' ? map.attributionDays : 0;
  const days = Math.max(feedback, attribution);
  return days === 0 ? null : span(touchpoint.occurredAt, days);
}

/** The span in which another reach of the same campaign can share a window with this one. */
export function campaignSpan(at: Instant): { from: Instant; to: Instant } {
  return span(at, WINDOW.maxDays + 1);
}

function span(at: Instant, days: number): { from: Instant; to: Instant } {
  const time = Date.parse(at);
  return { from: new Date(time - days * DAY_MS).toISOString(), to: new Date(time + days * DAY_MS).toISOString() };
}

/** The stage the customer stood in when a touchpoint happened, before any move that touchpoint itself made. */
export function stageBefore(map: LifecycleMap, journey: Transition[], touchpoint: Touchpoint): string {
  let stage = entryStage(map).key;
  for (const transition of journey) {
    if (transition.at > touchpoint.occurredAt) break;
    if (transition.touchpointId !== touchpoint.id) stage = transition.to;
  }
  return stage;
}

export const millis = (instant: Instant): number => Date.parse(instant);

/**
 * The related facts of a touchpoint, picked from its customer's counted touchpoints (in any order): what it is
 * counted against. Touchpoint ids begin with the instant they happened, so id order is touchpoint order.
 */
export function relatedFactsFrom(map: LifecycleMap, touchpoint: Touchpoint, counted: Touchpoint[], journey: Transition[]): RelatedFacts {
  const others = counted.filter((other) => other.id !== touchpoint.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const within = (span: { from: Instant; to: Instant } | null) => (other: Touchpoint) =>
    span !== null && millis(other.occurredAt) >= millis(span.from) && millis(other.occurredAt) <= millis(span.to);
  const scored = (other: Touchpoint) => other.score !== null;
  const later = others.filter((other) => other.id > touchpoint.id && (scored(other) || (other.revenue ?? 0) > 0));
  const nextScore = later.findIndex(scored);
  const reach = campaignSpan(touchpoint.occurredAt);
  return {
    nearby: others.filter(within(nearbySpan(map, touchpoint))),
    scoreBefore: (touchpoint.revenue ?? 0) > 0 || scored(touchpoint) ? (others.filter((other) => other.id < touchpoint.id && scored(other)).at(-1) ?? null) : null,
    revenueUntilNextScore: scored(touchpoint) ? (nextScore < 0 ? later : later.slice(0, nextScore + 1)) : [],
    sameCampaign:
      touchpoint.kind === 'CAMPAIGN' && touchpoint.campaign !== null
        ? others.filter((other) => other.kind === 'CAMPAIGN' && other.campaign === touchpoint.campaign && within(reach)(other))
        : [],
    journey,
  };
}

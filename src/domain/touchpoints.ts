import { badInput, conflict } from './errors';
import type { Customer, Instant, LatestScore, Touchpoint } from './records';
import { isNewerScore } from './rules';
import { DAY_MS } from './time';


/**
 * What a touchpoint changes on its customer item: only the last thanks, and only forward in time (a backdated one
 * never replaces a newer one). Scores and revenue are kept elsewhere (score items, the projector) so that most
 * touchpoints never write the customer item and a burst on one customer does not contend for it.
 */
export function customerAfterTouchpoint(customer: Customer, touchpoint: Touchpoint): Customer {
  if (touchpoint.kind === 'GRATITUDE' && (customer.lastThankedAt === null || touchpoint.occurredAt > customer.lastThankedAt)) {
    return { ...customer, lastThankedAt: touchpoint.occurredAt };
  }
  return customer;
}

/** The latest score once a touchpoint is recorded: its own when it is scored and newer than the one on file. */
export function latestScoreAfter(latest: LatestScore | null, touchpoint: Touchpoint): LatestScore | null {
  if (touchpoint.score === null || !isNewerScore(latest, touchpoint)) return latest;
  return { score: touchpoint.score, at: touchpoint.occurredAt, touchpointId: touchpoint.id };
}

/**
 * Refuses a resolution of anything but an open COMPLAINT of the same customer, or one dated before the complaint.
 * Another customer's touchpoint is reported like an unknown one: its existence is not this caller's business.
 * `field` is the input object the resolution came in (`input`, or `input.items[3]` in a batch).
 */
export function checkResolution(complaint: Touchpoint | null, customerId: string, resolving: Touchpoint, field = 'input'): Touchpoint {
  if (!complaint || complaint.customerId !== customerId) {
    throw badInput(`${field}.resolves`, `${field}.resolves is not a touchpoint of this customer`);
  }
  if (complaint.kind !== 'COMPLAINT') throw badInput(`${field}.resolves`, `${field}.resolves is not a COMPLAINT`);
  if (complaint.resolvedAt !== null) throw conflict('The complaint is already resolved', `${field}.resolves`);
  if (resolving.occurredAt < complaint.occurredAt) {
    throw badInput(`${field}.occurredAt`, 'A resolution cannot happen before the complaint it resolves');
  }
  return complaint;
}

/** Days a complaint has been open: until it was resolved, or until now. */
export function waitingDays(complaint: Touchpoint, now: Instant): number | null {
  if (complaint.kind !== 'COMPLAINT') return null;
  const until = Date.parse(complaint.resolvedAt ?? now);
  return Math.round(((until - Date.parse(complaint.occurredAt)) / DAY_MS) * 100) / 100;
}

/** The instant `days` whole days before `now`: the edge of a "more than N days ago" list. */
export function daysBefore(now: Date, days: number): Instant {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

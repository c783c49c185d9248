import { badInput, conflict } from './errors';
import type { Customer, Instant, Touchpoint } from './records';
import { isNewerScore } from './rules';

const DAY_MS = 86_400_000;

/**
 * What a touchpoint changes on its customer, by when it happened: the latest score and the last thanks move only
 * forward in time (a backdated one never replaces a newer one); revenue adds up.
 */
export function customerAfterTouchpoint(customer: Customer, touchpoint: Touchpoint): Customer {
  let after = customer;
  if (touchpoint.score !== null && isNewerScore(customer, touchpoint)) {
    after = { ...after, latestScore: touchpoint.score, latestScoreAt: touchpoint.occurredAt };
  }
  if (touchpoint.kind === 'GRATITUDE' && (customer.lastThankedAt === null || touchpoint.occurredAt > customer.lastThankedAt)) {
    after = { ...after, lastThankedAt: touchpoint.occurredAt };
  }
  if (touchpoint.revenue !== null && touchpoint.revenue > 0) {
    after = { ...after, lifetimeRevenue: after.lifetimeRevenue + touchpoint.revenue };
  }
  return after;
}

/**
 * Refuses a resolution of anything but an open COMPLAINT of the same customer, or one dated before the complaint.
 * Another customer's touchpoint is reported like an unknown one: its existence is not this caller's business.
 */
export function checkResolution(complaint: Touchpoint | null, customerId: string, resolving: Touchpoint): Touchpoint {
  if (!complaint || complaint.customerId !== customerId) {
    throw badInput('input.resolves', 'input.resolves is not a touchpoint of this customer');
  }
  if (complaint.kind !== 'COMPLAINT') throw badInput('input.resolves', 'input.resolves is not a COMPLAINT');
  if (complaint.resolvedAt !== null) throw conflict('The complaint is already resolved', 'input.resolves');
  if (resolving.occurredAt < complaint.occurredAt) {
    throw badInput('input.occurredAt', 'A resolution cannot happen before the complaint it resolves');
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

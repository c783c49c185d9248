import { badInput } from './errors';
import type { Instant } from './records';
import { DAY_MS, HOUR_MS } from './time';

// The API refuses touchpoints before 2000 and DateTime cannot print past 9999: a clock outside them is useless.
const EARLIEST = Date.parse('2000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-01-01T00:00:00.000Z');

/**
 * LOCAL ONLY. The local stack's clock is the machine's clock moved by an offset: it keeps running from wherever it
 * was set, so records made one after another still happen one after another.
 */
export function movedClock(offsetMs: number, machineNow: Date): Date {
  return new Date(machineNow.getTime() + offsetMs);
}

/** The offset that makes the clock read `target` now. */
export function offsetToReach(field: string, target: Instant, machineNow: Date): number {
  return withinRange(field, Date.parse(target)) - machineNow.getTime();
}

/** The offset after moving the clock forward by whole days and hours (at least one of them given). */
export function offsetAdvancedBy(
  offsetMs: number,
  machineNow: Date,
  by: { days?: number | null | undefined; hours?: number | null | undefined },
): number {
  const days = forward('days', by.days);
  const hours = forward('hours', by.hours);
  if (days === null && hours === null) throw badInput('days', 'Give days, hours or both');
  const next = offsetMs + (days ?? 0) * DAY_MS + (hours ?? 0) * HOUR_MS;
  withinRange(hours === null ? 'days' : 'hours', machineNow.getTime() + next);
  return next;
}

function forward(field: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0) {
    throw badInput(field, `${field} must be a whole number of at least 0 (setLocalClock moves the clock back)`);
  }
  return value;
}

function withinRange(field: string, at: number): number {
  if (Number.isNaN(at) || at < EARLIEST || at >= LATEST) {
    throw badInput(field, `The local clock must stay between 2000-01-01 and 9999-01-01`);
  }
  return at;
}

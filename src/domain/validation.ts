import { badInput } from './errors';
import { SCORE_MAX, SCORE_MIN } from './map';
import type { Instant } from './records';

/** Text limits clients can rely on; the schema's descriptions state the same figures. */
export const LIMITS = {
  name: 200,
  externalId: 200,
  email: 254,
  note: 2000,
  reason: 500,
  idempotencyKey: 200,
  campaign: 100,
  amount: 1e12,
  /** How far ahead of the server clock an occurredAt may be, for clients whose clocks run a little fast. */
  futureSkewMs: 5 * 60 * 1000,
} as const;

const EARLIEST_INSTANT = Date.parse('2000-01-01T00:00:00.000Z');
// Control characters corrupt logs and exports; notes may keep line breaks and tabs.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f]/;
// Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mail system's job.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A required single-line text: trimmed, not empty, no control characters, at most `max` characters. */
export function requiredLine(field: string, value: string, max: number): string {
  const text = value.trim();
  if (text === '') throw badInput(field, `${field} must not be empty`);
  return line(field, text, max);
}

/** An optional single-line text: null when absent or blank. */
export function optionalLine(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return line(field, value.trim(), max);
}

function line(field: string, text: string, max: number): string {
  if ([...text].length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  if (CONTROL_OR_BREAK.test(text)) throw badInput(field, `${field} must not contain control characters`);
  return text;
}

/** Free text that may span lines. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  if ([...value].length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  if (CONTROL.test(value)) throw badInput(field, `${field} must not contain control characters`);
  return value;
}

export function optionalEmail(field: string, value: string | null | undefined): string | null {
  const email = optionalLine(field, value, LIMITS.email);
  if (email !== null && !EMAIL.test(email)) throw badInput(field, `${field} is not a valid email address`);
  return email === null ? null : email.toLowerCase();
}

export function optionalScore(field: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < SCORE_MIN || value > SCORE_MAX) {
    throw badInput(field, `${field} must be a whole number from ${SCORE_MIN} to ${SCORE_MAX}`);
  }
  return value;
}

export function optionalAmount(field: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0) throw badInput(field, `${field} must not be negative`);
  if (value > LIMITS.amount) throw badInput(field, `${field} must be at most ${LIMITS.amount}`);
  return value;
}

/** When a touchpoint happened: any time from 2000 up to now (with a little clock skew); now when omitted. */
export function occurredAt(field: string, value: Instant | null | undefined, now: Date): Instant {
  if (value === null || value === undefined) return now.toISOString();
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw badInput(field, `${field} is not a valid date-time`);
  if (at < EARLIEST_INSTANT) throw badInput(field, `${field} must not be before 2000-01-01`);
  if (at > now.getTime() + LIMITS.futureSkewMs) throw badInput(field, `${field} must not be in the future`);
  return new Date(at).toISOString();
}

export function optionalVersion(field: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1) throw badInput(field, `${field} must be a positive whole number`);
  return value;
}

/** Idempotency keys are opaque to us but bounded, so a record key can never exceed DynamoDB's key size. */
export function optionalIdempotencyKey(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value === '' || [...value].length > LIMITS.idempotencyKey || CONTROL_OR_BREAK.test(value)) {
    throw badInput(field, `${field} must be 1 to ${LIMITS.idempotencyKey} printable characters`);
  }
  return value;
}

export const PAGE_SIZE = { default: 20, max: 100 } as const;

/** How many items a page holds: 20 by default, 1 to 100 when asked. */
export function pageSize(field: string, first: number | null | undefined): number {
  if (first === null || first === undefined) return PAGE_SIZE.default;
  if (!Number.isInteger(first) || first < 1 || first > PAGE_SIZE.max) {
    throw badInput(field, `${field} must be from 1 to ${PAGE_SIZE.max}`);
  }
  return first;
}

/** A campaign's name: required on a CAMPAIGN touchpoint, refused on any other kind. */
export function campaignName(field: string, kind: string, value: string | null | undefined): string | null {
  const name = optionalLine(field, value, LIMITS.campaign);
  if (kind === 'CAMPAIGN' && name === null) throw badInput(field, `${field} is required for a CAMPAIGN touchpoint`);
  if (kind !== 'CAMPAIGN' && name !== null) throw badInput(field, `${field} is only for CAMPAIGN touchpoints`);
  return name;
}

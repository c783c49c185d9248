/** How long to wait after each failed attempt: the eighth failure ends the delivery as FAILED. */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000] as const;

/** No answer within this long counts as a failed attempt. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** What one attempt came to, as the sender saw it. */
export type AttemptResult =
  | { kind: 'answered'; status: number; retryAfter: string | null }
  | { kind: 'unreachable'; error: string };

/** What the dispatcher does next with a delivery after an attempt. */
export type AttemptOutcome =
  | { next: 'delivered' }
  | { next: 'retry'; at: Date }
  | { next: 'failed' }
  /** 410 Gone: the receiver asks for no more; its subscription is disabled. */
  | { next: 'disable' };

/**
 * Decides after an attempt: 2xx delivers, 410 disables, anything else (or no answer) is retried on the schedule,
 * not before a Retry-After the receiver gave, and fails once the schedule is spent. `failures` counts the failed
 * attempts before this one since the delivery was (re)started.
 */
export function outcomeOf(result: AttemptResult, failures: number, now: Date): AttemptOutcome {
  if (result.kind === 'answered' && result.status >= 200 && result.status < 300) return { next: 'delivered' };
  if (result.kind === 'answered' && result.status === 410) return { next: 'disable' };
  const delay = RETRY_DELAYS_MS[failures];
  if (delay === undefined) return { next: 'failed' };
  const scheduled = now.getTime() + delay;
  const asked = result.kind === 'answered' ? retryAfterAt(result.retryAfter, now) : null;
  return { next: 'retry', at: new Date(Math.max(scheduled, Math.min(asked ?? 0, now.getTime() + MAX_RETRY_AFTER_MS))) };
}

/** A Retry-After beyond the schedule's longest wait is held to it, so a receiver cannot park a delivery forever. */
const MAX_RETRY_AFTER_MS = 10 * 3_600_000;

/** Retry-After as seconds or as an HTTP date, in epoch milliseconds; null when absent or unreadable. */
export function retryAfterAt(header: string | null, now: Date): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return now.getTime() + Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}

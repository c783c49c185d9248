import { AsyncLocalStorage } from 'node:async_hooks';

/** What the use cases did for one request that its metrics report and the store cannot see. */
export interface RequestCounters {
  /** Writes answered with the result recorded for their idempotency key. */
  idempotentReplays: number;
  /** Read-plan-write steps run again because the customer changed underneath them. */
  staleRetries: number;
}

const scopes = new AsyncLocalStorage<RequestCounters>();

/** Runs work with fresh counters and returns them with its result. */
export async function withRequestCounters<T>(work: () => Promise<T>): Promise<{ result: T; counters: RequestCounters }> {
  const counters: RequestCounters = { idempotentReplays: 0, staleRetries: 0 };
  const result = await scopes.run(counters, work);
  return { result, counters };
}

/** Counts an idempotent replay in the current request; a no-op outside one (scripts, tests of use cases). */
export function countIdempotentReplay(): void {
  const counters = scopes.getStore();
  if (counters) counters.idempotentReplays += 1;
}

/** Counts a retry against fresh state in the current request; a no-op outside one. */
export function countStaleRetry(): void {
  const counters = scopes.getStore();
  if (counters) counters.staleRetries += 1;
}

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The instant (epoch ms, real time) by which a request must have answered: taken from the function's remaining
 * time by the handler, so that every retry loop below it (races, throttling, unprocessed keys) stops in time to
 * answer rather than be cut off by Lambda's timeout.
 */
const scope = new AsyncLocalStorage<number>();

/** When nothing set a deadline (scripts, tests of the store alone): as long as a request may take. */
const DEFAULT_BUDGET_MS = 8_000;

export function withDeadline<T>(deadline: number, work: () => T): T {
  return scope.run(deadline, work);
}

export function deadline(): number {
  return scope.getStore() ?? Date.now() + DEFAULT_BUDGET_MS;
}

/** Whether `ms` more can be spent before the deadline. */
export function timeLeftFor(ms: number): boolean {
  return Date.now() + ms < deadline();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

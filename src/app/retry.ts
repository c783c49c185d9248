import { conflict } from '../domain/errors';
import { sleep, timeLeftFor } from '../store/deadline';
import { countStaleRetry } from './requestCounters';

/**
 * Pauses before planning again after a write found its customer changed underneath it; false once the request's
 * deadline leaves no time, and the caller answers CONFLICT. Full jitter, capped: racing writers spread out.
 */
export async function pauseBeforeRetry(attempt: number): Promise<boolean> {
  const pause = Math.random() * Math.min(250, 4 * 2 ** attempt);
  if (!timeLeftFor(pause + 300)) return false;
  await sleep(pause);
  countStaleRetry();
  return true;
}

export const tooManyWriters = (field?: string) =>
  conflict('The customer is being changed by many writers at once; try again with the same idempotency key', field);

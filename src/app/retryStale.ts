import { ProfileChanged } from '../store/privacy';
import { pauseBeforeRetry, tooManyWriters } from './retry';

/**
 * Runs a read-plan-write step again while its write finds what it read changed underneath it, until the request's
 * deadline; then CONFLICT. For writes whose every condition is "still as read" (corrections, erasures).
 */
export async function whileStale<T>(step: () => Promise<T>, field?: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ProfileChanged)) throw error;
      if (!(await pauseBeforeRetry(attempt))) throw tooManyWriters(field);
    }
  }
}

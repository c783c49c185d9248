import { conflict } from '../domain/errors';
import { StaleRead } from '../store/lifecycleStore';

const ATTEMPTS = 40;

/**
 * Runs a read-plan-write step again while its write finds the customer changed underneath it, so concurrent
 * writers never lose an update and each plan is checked against the state it is actually applied to.
 */
export async function retryWhileStale<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof StaleRead)) throw error;
      if (attempt >= ATTEMPTS) {
        throw conflict('The customer is being changed by many writers at once; try again');
      }
      // Full jitter, capped: racing writers spread out instead of colliding again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 4 * 2 ** attempt)));
    }
  }
}

import type { LifecycleStore } from '../store/lifecycleStore';

/** What the use cases need from outside the domain; the clock and ids are passed in so tests can fix them. */
export interface Services {
  store: LifecycleStore;
  clock: () => Date;
  /** A new unique, url-safe id fragment. */
  newId: () => string;
  idempotencyTtlHours: number;
}

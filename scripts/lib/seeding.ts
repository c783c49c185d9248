import type { Services } from '../../src/app/services';

/** Services whose clock the seeder walks through a history, and whose ids are the same on every seeding. */
export interface Seeding {
  services: Services;
  setClock: (at: Date) => void;
}

/**
 * Ids from a counter under a prefix ("demo", "seed"): seeding the same data into an emptied table gives the same
 * customer, touchpoint and transition ids every time, so a consumer's tests may name them.
 */
export function seeding(base: Services, prefix: string, start: Date): Seeding {
  let now = start;
  let counter = 0;
  return {
    services: { ...base, clock: () => now, newId: () => `${prefix}${(++counter).toString(36).padStart(5, '0')}` },
    setClock: (at) => {
      now = at;
    },
  };
}

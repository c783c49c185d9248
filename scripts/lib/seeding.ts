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

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * A demo customer's own walk through time, from `startDaysBefore` days before `midnight` and never past it: `at(n)`
 * moves n days on, `next()` a minute on within the day, so events of one day never rest on id order.
 */
export function historyClock(setClock: (at: Date) => void, midnight: number, startDaysBefore: number) {
  let day = midnight - startDaysBefore * DAY;
  let minute = 0;
  const at = (plusDays: number) => {
    day += plusDays * DAY;
    minute = 0;
    setClock(new Date(Math.min(day, midnight)));
  };
  const next = () => setClock(new Date(Math.min(day + ++minute * MINUTE, midnight)));
  at(0);
  return { at, next };
}

/** The start of the UTC day of `today`, in epoch milliseconds: demo histories end there. */
export const startOfDay = (today: Date): number => Math.floor(today.getTime() / DAY) * DAY;

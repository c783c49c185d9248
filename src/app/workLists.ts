import { badInput } from '../domain/errors';
import { requireStage, type LifecycleMap } from '../domain/map';
import type { Customer, Touchpoint } from '../domain/records';
import { daysBefore } from '../domain/touchpoints';
import { pageSize } from '../domain/validation';
import type { Page } from '../store/lifecycleStore';
import { boundPage } from './boundPage';
import type { Services } from './services';

/** A page of a list plus how to count the whole list, run only when a client asks. */
export type Listing<T> = Page<T> & { totalCount: () => Promise<number> };

export interface ListRequest {
  first?: number | null;
  after?: string | null;
}

/** Where the counts of a map's stages come from: the store, or a per-request cache of it, so one request reads them once. */
export type StageCounts = (map: LifecycleMap, stages: string[]) => Promise<Map<string, number>>;

const MAX_DAYS = 3650;

function days(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min || value > MAX_DAYS) {
    throw badInput(field, `${field} must be a whole number of days from ${min} to ${MAX_DAYS}`);
  }
  return value;
}

/** Customers standing in the stage, oldest entry first; counted by the stage's counters. */
export async function customersInStages(
  services: Services,
  map: LifecycleMap,
  stages: string[],
  { first, after }: ListRequest,
  stageCounts: StageCounts,
): Promise<Listing<Customer>> {
  const size = pageSize('first', first);
  const page = await boundPage(services, ['customersInStages', map.id, ...stages], after, (position) =>
    services.store.customersInStages(map.id, stages, size, position),
  );
  return {
    ...page,
    totalCount: async () => {
      const counts = await stageCounts(map, stages);
      return stages.reduce((sum, stage) => sum + (counts.get(stage) ?? 0), 0);
    },
  };
}

/** Who entered the stage more than `olderThanDays` (or the stage's own staleAfterDays) days ago, oldest first. */
export async function staleCustomers(
  services: Services,
  map: LifecycleMap,
  request: ListRequest & { stage: string; olderThanDays?: number | null },
): Promise<Listing<Customer>> {
  const size = pageSize('first', request.first);
  const stage = requireStage(map, request.stage, 'stage');
  const threshold = request.olderThanDays ?? stage.staleAfterDays;
  if (threshold === null) {
    throw badInput('olderThanDays', `olderThanDays is required: stage ${stage.key} has no staleAfterDays`);
  }
  const cutoff = daysBefore(services.clock(), days('olderThanDays', threshold, 0));
  // Bound to the threshold, not the cutoff: the cutoff moves on with the clock and a page read earlier stays below it.
  const page = await boundPage(services, ['staleCustomers', map.id, stage.key, threshold], request.after, (position) =>
    services.store.staleCustomers(map.id, stage.key, cutoff, size, position),
  );
  return { ...page, totalCount: () => services.store.countStaleCustomers(map.id, stage.key, cutoff) };
}

/** Loyal customers not thanked in the last `sinceDays` days (or ever). */
export async function unthankedCustomers(
  services: Services,
  map: LifecycleMap,
  request: ListRequest & { sinceDays?: number | null },
): Promise<Listing<Customer>> {
  const size = pageSize('first', request.first);
  const sinceDays = days('sinceDays', request.sinceDays ?? 180, 1);
  const cutoff = daysBefore(services.clock(), sinceDays);
  const page = await boundPage(services, ['unthankedCustomers', map.id, sinceDays], request.after, (position) =>
    services.store.unthankedCustomers(map.id, cutoff, size, position),
  );
  return { ...page, totalCount: () => services.store.countUnthankedCustomers(map.id, cutoff) };
}

/** Churned customers, most lifetime revenue first; counted by the churned stage's counters. */
export async function winBackCandidates(
  services: Services,
  map: LifecycleMap,
  request: ListRequest,
  stageCounts: StageCounts,
): Promise<Listing<Customer>> {
  const size = pageSize('first', request.first);
  const page = await boundPage(services, ['winBackCandidates', map.id], request.after, (position) =>
    services.store.winBackCandidates(map.id, size, position),
  );
  return {
    ...page,
    totalCount: async () => (await stageCounts(map, [map.churnedStage])).get(map.churnedStage) ?? 0,
  };
}

/** Complaints nobody has resolved yet, oldest first. */
export async function openComplaints(services: Services, map: LifecycleMap, request: ListRequest): Promise<Listing<Touchpoint>> {
  const size = pageSize('first', request.first);
  const page = await boundPage(services, ['openComplaints', map.id], request.after, (position) =>
    services.store.openComplaints(map.id, size, position),
  );
  return { ...page, totalCount: () => services.store.countOpenComplaints(map.id) };
}

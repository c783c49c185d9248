import { figures, insightWindow, type InsightFigures } from '../domain/insights';
import type { LifecycleMap } from '../domain/map';
import type { Services } from './services';

export interface InsightsReport extends InsightFigures {
  map: LifecycleMap;
  from: string;
  to: string;
}

/** A window's figures: its days' and months' counters, read in batches whatever the number of customers. */
export async function readInsights(
  services: Services,
  map: LifecycleMap,
  request: { from?: string | null; to?: string | null },
): Promise<InsightsReport> {
  const window = insightWindow(request.from, request.to, services.clock());
  const counters = await services.store.insightCounters(map.id, [...window.days, ...window.months]);
  return { map, from: window.from, to: window.to, ...figures(map, window, counters) };
}

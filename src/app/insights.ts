import { figures, insightWindow, type InsightFigures } from '../domain/insights';
import type { LifecycleMap } from '../domain/map';
import type { Services } from './services';

export interface InsightsReport extends InsightFigures {
  map: LifecycleMap;
  from: string;
  to: string;
  /** Every fact recorded before this instant is counted (the projector's progress). */
  asOf: string;
}

/**
 * A window's figures: its days' and months' counters, read in batches whatever the number of customers, with how
 * far the stream projector has counted (the oldest fact still waiting for it).
 */
export async function readInsights(
  services: Pick<Services, 'store' | 'projection' | 'clock'>,
  map: LifecycleMap,
  request: { from?: string | null; to?: string | null },
): Promise<InsightsReport> {
  const now = services.clock();
  const window = insightWindow(request.from, request.to, now);
  // Read how far the projector had got before the counters, so asOf never claims more than they hold.
  const oldestWaiting = await services.projection.oldestUnprojected(map.id);
  const counters = await services.store.insightCounters(map.id, [...window.days, ...window.months]);
  return { map, from: window.from, to: window.to, asOf: oldestWaiting ?? now.toISOString(), ...figures(map, window, counters) };
}

import { COUNTER, monthOf, type Contribution } from './insights';
import { bandOf, type LifecycleMap } from './map';
import type { Touchpoint } from './records';

/** The band key revenue counts under: the band of a score, or '' when there is no score (not yet scored). */
export const bandKey = (map: LifecycleMap, score: number | null): string => bandOf(map, score)?.key ?? '';

/**
 * Revenue by band: revenue counts under the band of the customer's latest score when it happened (its own score
 * when it carries one). A score that arrives late re-bands the revenue between it and the next score: that revenue
 * moves out of the band it was counted under (the score before) into the new score's band.
 */
export function bandRevenueContribution(
  map: LifecycleMap,
  touchpoint: Touchpoint,
  scoreBefore: Touchpoint | null,
  revenueUntilNextScore: Touchpoint[],
): Contribution[] {
  const earlierBand = bandKey(map, scoreBefore?.score ?? null);
  const contributions: Contribution[] = [];
  if ((touchpoint.revenue ?? 0) > 0) {
    contributions.push(revenue(touchpoint, touchpoint.score !== null ? bandKey(map, touchpoint.score) : earlierBand, 1));
  }
  if (touchpoint.score !== null && bandKey(map, touchpoint.score) !== earlierBand) {
    for (const later of revenueUntilNextScore) {
      if (later.id <= touchpoint.id || later.score !== null || !((later.revenue ?? 0) > 0)) continue;
      contributions.push(revenue(later, earlierBand, -1), revenue(later, bandKey(map, touchpoint.score), 1));
    }
  }
  return contributions;
}

function revenue(touchpoint: Touchpoint, band: string, sign: 1 | -1): Contribution {
  const dayOfMonth = touchpoint.occurredAt.slice(8, 10);
  return {
    period: monthOf(touchpoint.occurredAt),
    add: {
      [COUNTER.bandRevenue(dayOfMonth, band)]: sign * (touchpoint.revenue ?? 0),
      [COUNTER.bandTouchpoints(dayOfMonth, band)]: sign,
    },
    keepFirst: {},
  };
}

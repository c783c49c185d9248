import { COUNTER, dayOf, type Contribution } from './insights';
import type { LifecycleMap } from './map';
import type { Touchpoint } from './records';
import { millis } from './relatedFacts';
import { DAY_MS } from './time';

/**
 * Feedback coverage: a SERVICE_DELIVERY has had feedback when a scored touchpoint of the same customer happened at
 * or after it, within the map's feedbackWithinDays. A delivery counts on its day; it counts as covered when it
 * arrives already covered, or later, when the first score that covers it arrives (however late).
 */
export function feedbackContribution(map: LifecycleMap, touchpoint: Touchpoint, nearby: Touchpoint[]): Contribution[] {
  const within = map.feedbackWithinDays * DAY_MS;
  const others = nearby.filter((other) => other.id !== touchpoint.id);
  const covers = (score: Touchpoint, delivery: Touchpoint) => {
    const after = millis(score.occurredAt) - millis(delivery.occurredAt);
    return score.score !== null && after >= 0 && after <= within;
  };
  const contributions: Contribution[] = [];
  if (touchpoint.kind === 'SERVICE_DELIVERY') {
    const covered = [touchpoint, ...others].some((score) => covers(score, touchpoint));
    contributions.push(count(touchpoint, { [COUNTER.deliveries]: 1, ...(covered ? { [COUNTER.withFeedback]: 1 } : {}) }));
  }
  if (touchpoint.score !== null) {
    for (const delivery of others) {
      if (delivery.kind !== 'SERVICE_DELIVERY' || !covers(touchpoint, delivery)) continue;
      if (others.some((score) => covers(score, delivery))) continue;
      contributions.push(count(delivery, { [COUNTER.withFeedback]: 1 }));
    }
  }
  return contributions;
}

const count = (touchpoint: Touchpoint, add: Record<string, number>): Contribution => ({
  period: dayOf(touchpoint.occurredAt),
  add,
  keepFirst: {},
});

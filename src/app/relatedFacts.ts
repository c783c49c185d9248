import type { LifecycleMap } from '../domain/map';
import type { Touchpoint, Transition } from '../domain/records';
import { campaignSpan, nearbySpan, type RelatedFacts } from '../domain/relatedFacts';
import type { LifecycleStore } from '../store/lifecycleStore';

/** Reads, side by side, the facts of its customer that a touchpoint's related figures are computed from. */
export async function readRelatedFacts(
  store: LifecycleStore,
  map: LifecycleMap,
  touchpoint: Touchpoint,
  journey: Transition[] | null,
): Promise<RelatedFacts> {
  const customerId = touchpoint.customerId;
  const nearby = nearbySpan(map, touchpoint);
  const reach = campaignSpan(touchpoint.occurredAt);
  const hasRevenue = (touchpoint.revenue ?? 0) > 0;
  const [near, scoreBefore, revenueUntilNextScore, sameCampaign, transitions] = await Promise.all([
    nearby ? store.touchpointsBetween(customerId, nearby.from, nearby.to) : [],
    hasRevenue || touchpoint.score !== null ? store.scoreBefore(customerId, touchpoint.id) : null,
    touchpoint.score !== null ? store.touchpointsUntilNextScore(customerId, touchpoint.id) : [],
    touchpoint.kind === 'CAMPAIGN' && touchpoint.campaign !== null
      ? store.touchpointsBetween(customerId, reach.from, reach.to, { kind: 'CAMPAIGN', campaign: touchpoint.campaign })
      : [],
    // Only purchases and campaigns ask where the customer stood (a prospect or not).
    journey ?? (touchpoint.kind === 'PURCHASE' || touchpoint.kind === 'CAMPAIGN' ? store.journey(customerId) : []),
  ]);
  return { nearby: near, scoreBefore, revenueUntilNextScore, sameCampaign, journey: transitions };
}

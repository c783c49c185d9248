import { COUNTER, WINDOW, dayOf, type Contribution } from './insights';
import { entryStage, type LifecycleMap } from './map';
import type { Touchpoint, Transition } from './records';
import { millis, stageBefore } from './relatedFacts';
import { DAY_MS } from './time';

/**
 * Campaign conversion. A PURCHASE by a prospect is credited to the customer's latest CAMPAIGN touchpoint within
 * the map's attributionDays before it: converted and revenue count on the purchase's day under that campaign. A
 * campaign that arrives late takes the credit of the purchases it is now the latest campaign for.
 *
 * Prospects reached is a distinct count over any window, kept exact with sums of day counters: for each customer
 * and campaign, the days it was reached as a prospect count one each, and each pair of consecutive such days counts
 * minus one (on the later day, by the gap between them). In a window, a customer reached on k consecutive days of
 * its list adds k - (k - 1) = 1; the reader keeps only pairs whose earlier day is in the window too.
 */
export function campaignContribution(
  map: LifecycleMap,
  touchpoint: Touchpoint,
  facts: { nearby: Touchpoint[]; sameCampaign: Touchpoint[]; journey: Transition[] },
): Contribution[] {
  const prospect = entryStage(map).key;
  const byProspect = (other: Touchpoint) => stageBefore(map, facts.journey, other) === prospect;
  const others = facts.nearby.filter((other) => other.id !== touchpoint.id);
  const creditFor = (purchase: Touchpoint, campaigns: Touchpoint[]) =>
    latestCampaignBefore(purchase, campaigns, map.attributionDays * DAY_MS);
  const contributions: Contribution[] = [];

  if (touchpoint.kind === 'PURCHASE' && byProspect(touchpoint)) {
    const credited = creditFor(touchpoint, others);
    if (credited?.campaign) contributions.push(credit(touchpoint, credited.campaign, 1));
  }
  if (touchpoint.kind === 'CAMPAIGN' && touchpoint.campaign !== null) {
    if (byProspect(touchpoint)) {
      const reachedDays = facts.sameCampaign
        .filter((other) => other.id !== touchpoint.id && other.campaign === touchpoint.campaign && byProspect(other))
        .map((other) => dayOf(other.occurredAt));
      contributions.push(...reach(touchpoint.campaign, dayOf(touchpoint.occurredAt), reachedDays));
    }
    for (const purchase of others) {
      if (purchase.kind !== 'PURCHASE' || !byProspect(purchase)) continue;
      if (creditFor(purchase, [touchpoint]) === null) continue;
      const before = creditFor(purchase, others);
      if (before !== null && before.id > touchpoint.id) continue;
      if (before?.campaign) contributions.push(credit(purchase, before.campaign, -1));
      contributions.push(credit(purchase, touchpoint.campaign, 1));
    }
  }
  return contributions;
}

/** The latest CAMPAIGN touchpoint at or before a purchase and no more than `within` ms before it. */
function latestCampaignBefore(purchase: Touchpoint, campaigns: Touchpoint[], within: number): Touchpoint | null {
  let latest: Touchpoint | null = null;
  for (const campaign of campaigns) {
    const before = millis(purchase.occurredAt) - millis(campaign.occurredAt);
    if (campaign.kind !== 'CAMPAIGN' || before < 0 || before > within) continue;
    if (latest === null || campaign.id > latest.id) latest = campaign;
  }
  return latest;
}

function credit(purchase: Touchpoint, campaign: string, sign: 1 | -1): Contribution {
  return {
    period: dayOf(purchase.occurredAt),
    add: { [COUNTER.converted(campaign)]: sign, [COUNTER.campaignRevenue(campaign)]: sign * (purchase.revenue ?? 0) },
    keepFirst: { [COUNTER.campaignText(campaign)]: campaign },
  };
}

const daysBetween = (earlier: string, later: string) => Math.round((Date.parse(later) - Date.parse(earlier)) / DAY_MS);

/** A new reach day joins the customer's list: it counts one, and the pairs around it change. */
function reach(campaign: string, day: string, reachedDays: string[]): Contribution[] {
  if (reachedDays.includes(day)) return [];
  const previous = reachedDays.filter((other) => other < day).sort().at(-1) ?? null;
  const next = reachedDays.filter((other) => other > day).sort()[0] ?? null;
  const named = { [COUNTER.campaignText(campaign)]: campaign };
  const contributions: Contribution[] = [{ period: day, add: { [COUNTER.reachDays(campaign)]: 1 }, keepFirst: named }];
  const pair = (earlier: string | null, later: string | null, sign: 1 | -1) => {
    if (earlier === null || later === null) return;
    const gap = daysBetween(earlier, later);
    // Two days further apart than the longest window never lie in one window together.
    if (gap <= WINDOW.maxDays) contributions.push({ period: later, add: { [COUNTER.reachPairs(gap, campaign)]: sign }, keepFirst: named });
  };
  pair(previous, next, -1);
  pair(previous, day, 1);
  pair(day, next, 1);
  return contributions;
}

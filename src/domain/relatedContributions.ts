import { bandRevenueContribution } from './bandRevenue';
import { campaignContribution } from './campaigns';
import { feedbackContribution } from './feedbackCoverage';
import type { Contribution } from './insights';
import type { LifecycleMap } from './map';
import type { Touchpoint } from './records';
import type { RelatedFacts } from './relatedFacts';

/** What a touchpoint adds to the figures that relate it to its customer's other touchpoints. */
export function relatedContributions(map: LifecycleMap, touchpoint: Touchpoint, facts: RelatedFacts): Contribution[] {
  return [
    ...feedbackContribution(map, touchpoint, facts.nearby),
    ...bandRevenueContribution(map, touchpoint, facts.scoreBefore, facts.revenueUntilNextScore),
    ...campaignContribution(map, touchpoint, facts),
  ];
}

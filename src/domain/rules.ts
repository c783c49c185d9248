import { allowedMoves, bandOf, type LifecycleMap, type RuleDefinition } from './map';
import type { Customer, LatestScore, Touchpoint } from './records';

/**
 * The first rule of the map that a touchpoint's arrival fires for a customer, or null. A score rule fires only when
 * the score becomes the customer's latest: a backdated score older than the one on file says nothing about now.
 */
export function ruleFiredBy(
  map: LifecycleMap,
  customer: Customer,
  latest: LatestScore | null,
  touchpoint: Touchpoint,
): RuleDefinition | null {
  const band = bandOf(map, touchpoint.score);
  const scoreIsLatest = touchpoint.score !== null && isNewerScore(latest, touchpoint);
  return (
    map.rules.find(
      (rule) =>
        rule.fromStages.includes(customer.stage) &&
        allowedMoves(map, customer.stage).includes(rule.toStage) &&
        (rule.kind === null || rule.kind === touchpoint.kind) &&
        (rule.band === null || (scoreIsLatest && band?.key === rule.band)),
    ) ?? null
  );
}

/** Whether a scored touchpoint happened after the customer's latest score on file. */
export function isNewerScore(latest: LatestScore | null, touchpoint: Touchpoint): boolean {
  return latest === null || touchpoint.occurredAt > latest.at;
}

/** Whether a rule could fire on this touchpoint only if its score is the customer's latest: then that is read. */
export function needsLatestScore(map: LifecycleMap, touchpoint: Pick<Touchpoint, 'kind' | 'score'>): boolean {
  const band = bandOf(map, touchpoint.score);
  return touchpoint.score !== null && map.rules.some((rule) => rule.band !== null && rule.band === band?.key && (rule.kind === null || rule.kind === touchpoint.kind));
}

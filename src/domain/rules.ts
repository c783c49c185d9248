import { allowedMoves, bandOf, type LifecycleMap, type RuleDefinition } from './map';
import type { Customer, Touchpoint } from './records';

/**
 * The first rule of the map that a touchpoint's arrival fires for a customer, or null. A score rule fires only when
 * the score becomes the customer's latest: a backdated score older than the one on file says nothing about now.
 */
export function ruleFiredBy(map: LifecycleMap, customer: Customer, touchpoint: Touchpoint): RuleDefinition | null {
  const band = bandOf(map, touchpoint.score);
  const scoreIsLatest = touchpoint.score !== null && isNewerScore(customer, touchpoint);
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
export function isNewerScore(customer: Customer, touchpoint: Touchpoint): boolean {
  return customer.latestScoreAt === null || touchpoint.occurredAt > customer.latestScoreAt;
}

/** Whether any rule of the map could fire on this touchpoint from some stage: if none, its stage is irrelevant. */
export function mayFireRule(map: LifecycleMap, touchpoint: Touchpoint): boolean {
  const band = bandOf(map, touchpoint.score);
  return map.rules.some(
    (rule) => (rule.kind === null || rule.kind === touchpoint.kind) && (rule.band === null || band?.key === rule.band),
  );
}

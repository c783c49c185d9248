import { allowedMoves, bandOf, findStage, type LifecycleMap, type RuleDefinition } from './map';
import type { Customer } from './records';

/** Why a customer may or may not move to a stage, in the map's own terms: what a person configuring it asks. */
export interface MoveExplanation {
  allowed: boolean;
  reasonRequired: boolean;
  /** The stages the customer may move to from where it stands, in map order. */
  allowedStages: string[];
  /** Rules of the map that would move the customer to that stage from where it stands, on a touchpoint. */
  rulesThatCouldMove: RuleDefinition[];
  message: string;
}

export function explainMove(map: LifecycleMap, customer: Customer, toStage: string): MoveExplanation {
  const target = findStage(map, toStage);
  const allowedStages = allowedMoves(map, customer.stage);
  const allowed = target !== undefined && allowedStages.includes(toStage);
  const rulesThatCouldMove = map.rules.filter(
    (rule) => rule.toStage === toStage && rule.fromStages.includes(customer.stage) && allowed,
  );
  const reasonRequired = target?.reasonRequired ?? false;
  const options = allowedStages.length > 0 ? allowedStages.join(', ') : 'none';
  const ruleWords = rulesThatCouldMove.map((rule) => describeRule(map, rule));
  const message = allowed
    ? `A customer in ${customer.stage} may move to ${toStage}${reasonRequired ? ' with a reason' : ''}` +
      (ruleWords.length > 0 ? `; the map also moves it there by rule: ${ruleWords.join('; ')}.` : '; no rule moves it there.')
    : `A customer in ${customer.stage} cannot move to ${toStage}: the map allows ${options}.`;
  return { allowed, reasonRequired, allowedStages, rulesThatCouldMove, message };
}

function describeRule(map: LifecycleMap, rule: RuleDefinition): string {
  const kind = rule.kind === null ? 'any touchpoint' : `a ${rule.kind} touchpoint`;
  const band = rule.band === null ? '' : ` scored in band ${bandOf(map, map.bands.find((b) => b.key === rule.band)?.min ?? null)?.name ?? rule.band}`;
  return `${kind}${band} (${rule.reason})`;
}

import { DomainError, badInput } from './errors';
import type { Team, TouchpointKind } from './vocabulary';

/** A stage of a map. Position is its place in map order, from 0. */
export interface StageDefinition {
  key: string;
  name: string;
  description: string | null;
  position: number;
  offPath: boolean;
  ownerTeam: Team | null;
  /** A move into this stage must carry a reason (CHURNED: why the customer left). */
  reasonRequired: boolean;
  /** After how many days in this stage a customer is stuck (staleCustomers); null: no threshold. */
  staleAfterDays: number | null;
}

export interface MoveDefinition {
  from: string;
  to: string;
}

/** A satisfaction band: scores from min to max, inclusive. */
export interface BandDefinition {
  key: string;
  name: string;
  min: number;
  max: number;
}

/**
 * A rule moves a customer when a touchpoint arrives. It fires when the customer stands in one of `fromStages`, the
 * touchpoint is of `kind` (when set) and its score falls in `band` (when set).
 */
export interface RuleDefinition {
  id: string;
  kind: TouchpointKind | null;
  band: string | null;
  fromStages: string[];
  toStage: string;
  reason: string;
}

/** A lifecycle map is data: stages in order, the moves between them, its rules and its score bands. */
export interface LifecycleMap {
  id: string;
  name: string;
  stages: StageDefinition[];
  moves: MoveDefinition[];
  rules: RuleDefinition[];
  bands: BandDefinition[];
  /** The stages the team work lists read: who is at risk, who has left, who is loyal and should be thanked. */
  atRiskStage: string;
  churnedStage: string;
  thankedStages: string[];
  /** A SERVICE_DELIVERY has had feedback when a scored touchpoint of its customer follows within this many days. */
  feedbackWithinDays: number;
  /** A PURCHASE by a prospect is credited to its latest CAMPAIGN touchpoint within this many days before it. */
  attributionDays: number;
  /** Raised by every change to the map, so readers that keep a copy know when theirs is out of date. */
  version: number;
}

/** What a map record stored before a setting existed stands for (before maps had versions: version 1). */
export const MAP_SETTING_DEFAULTS = { feedbackWithinDays: 7, attributionDays: 30, version: 1 } as const;
/** Upper bounds that keep the writes of one touchpoint within one transaction. */
export const MAP_SETTING_LIMITS = { feedbackWithinDays: 30, attributionDays: 90 } as const;

export const SCORE_MIN = 1;
export const SCORE_MAX = 10;

export function findStage(map: LifecycleMap, key: string): StageDefinition | undefined {
  return map.stages.find((stage) => stage.key === key);
}

/** The stage with this key, or BAD_USER_INPUT naming the field that carried it. */
export function requireStage(map: LifecycleMap, key: string, field: string): StageDefinition {
  const stage = findStage(map, key);
  if (!stage) {
    // The client's value is not repeated: errors never echo input, which may hold personal data.
    throw badInput(field, `${field} is not a stage of map ${map.id}; stages are ${map.stages.map((s) => s.key).join(', ')}`);
  }
  return stage;
}

/** Where every new customer starts: the first stage in map order. */
export function entryStage(map: LifecycleMap): StageDefinition {
  const first = [...map.stages].sort((a, b) => a.position - b.position)[0];
  if (!first) throw new Error(`Map ${map.id} has no stages`);
  return first;
}

/** The stage keys a customer standing in `from` may move to, in map order. */
export function allowedMoves(map: LifecycleMap, from: string): string[] {
  const targets = new Set(map.moves.filter((move) => move.from === from).map((move) => move.to));
  return map.stages.filter((stage) => targets.has(stage.key)).map((stage) => stage.key);
}

/**
 * Refuses a move the map does not allow (INVALID_MOVE, naming the moves that are allowed) and a move into a stage
 * that needs a reason when none is given.
 */
export function checkMove(map: LifecycleMap, from: string, to: string, reason: string | null): void {
  const allowed = allowedMoves(map, from);
  if (!allowed.includes(to)) {
    const options = allowed.length > 0 ? allowed.join(', ') : 'none';
    throw new DomainError('INVALID_MOVE', `A customer in ${from} cannot move to ${to}; allowed: ${options}`, {
      allowed,
      field: 'input.toStage',
    });
  }
  const target = requireStage(map, to, 'input.toStage');
  if (target.reasonRequired && (reason === null || reason.trim() === '')) {
    throw badInput('input.reason', `A move to ${to} needs a reason`);
  }
}

/** Whether customers standing in this stage are kept in the list of those to thank. */
export const isThankedStage = (map: LifecycleMap, stage: string): boolean => map.thankedStages.includes(stage);

/** The band a score falls in, or null when no band of the map holds it. */
export function bandOf(map: LifecycleMap, score: number | null): BandDefinition | null {
  if (score === null) return null;
  return map.bands.find((band) => score >= band.min && score <= band.max) ?? null;
}

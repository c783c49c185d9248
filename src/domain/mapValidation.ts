import { DomainError } from './errors';
import { MAP_SETTING_DEFAULTS, MAP_SETTING_LIMITS, SCORE_MAX, SCORE_MIN, type LifecycleMap } from './map';
import type { MapInput, MigrationInput } from './mapInput';
import { LIMITS, optionalLine, requiredLine } from './validation';

/** One thing wrong with a map input, at the field path the client sent it under (`input.moves[3].to`). */
export interface MapProblem {
  field: string;
  message: string;
}

/** Bounds of a map. Ten stages is what the query-cost estimate assumes a map holds at most (prices.ts STAGES). */
export const MAP_LIMITS = {
  stages: 10,
  moves: 100,
  rules: 20,
  bands: 10,
  staleAfterDays: 3650,
  description: 500,
} as const;

// Keys stay what the default map's are: capitals, digits and underscores, as they appear in queries and lists.
const KEY = /^[A-Z][A-Z0-9_]{0,39}$/;
// Ids travel in URLs and idempotency scopes: lower case, digits and dashes.
const ID = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Everything wrong with a map input, each with its field path; empty when the map may be stored. `stored` is the
 * map being updated (null when creating): it decides which stages are removed and what `migrate` may name.
 */
export function mapProblems(input: MapInput, stored: LifecycleMap | null): MapProblem[] {
  const problems: MapProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const check = (step: () => unknown) => {
    try {
      step();
    } catch (error) {
      if (!(error instanceof DomainError) || error.field === undefined) throw error;
      add(error.field, error.message);
    }
  };

  if (stored === null) {
    if (input.id === null || input.id === undefined || !ID.test(input.id)) {
      add('input.id', 'input.id must be 1 to 40 lower-case letters, digits or dashes, starting with a letter');
    }
    if ((input.migrate ?? []).length > 0) add('input.migrate', 'input.migrate is only for updates: a new map has no customers');
  } else if (input.id !== null && input.id !== undefined && input.id !== stored.id) {
    add('input.id', 'input.id cannot change: the map keeps the id it was created with');
  }
  check(() => requiredLine('input.name', input.name, LIMITS.name));

  // Stages and bands alike: how many, and keys in the same pattern, each once.
  const keyed = (list: { key: string; name: string }[], what: 'stage' | 'band', max: number): Set<string> => {
    const keys = new Set<string>();
    if (list.length === 0 || list.length > max) add(`input.${what}s`, `input.${what}s must hold 1 to ${max} ${what}s`);
    list.forEach(({ key, name }, i) => {
      const field = `input.${what}s[${i}]`;
      if (!KEY.test(key)) add(`${field}.key`, `${field}.key must be 1 to 40 capitals, digits or underscores, starting with a capital`);
      else if (keys.has(key)) add(`${field}.key`, `${field}.key repeats the key of an earlier ${what}`);
      keys.add(key);
      check(() => requiredLine(`${field}.name`, name, LIMITS.name));
    });
    return keys;
  };

  // Stages: in order, unique keys.
  const stages = keyed(input.stages, 'stage', MAP_LIMITS.stages);
  input.stages.forEach((stage, i) => {
    const field = `input.stages[${i}]`;
    check(() => optionalLine(`${field}.description`, stage.description, MAP_LIMITS.description));
    const days = stage.staleAfterDays;
    if (days !== null && days !== undefined && !within(days, 1, MAP_LIMITS.staleAfterDays)) {
      add(`${field}.staleAfterDays`, `${field}.staleAfterDays must be a whole number from 1 to ${MAP_LIMITS.staleAfterDays}`);
    }
  });
  const isStage = (key: string) => stages.has(key);

  // Moves: between stages of the map, each once.
  const moves = new Set<string>();
  if (input.moves.length > MAP_LIMITS.moves) add('input.moves', `input.moves must hold at most ${MAP_LIMITS.moves} moves`);
  input.moves.forEach((move, i) => {
    const field = `input.moves[${i}]`;
    if (!isStage(move.from)) add(`${field}.from`, `${field}.from is not a stage of the map`);
    if (!isStage(move.to)) add(`${field}.to`, `${field}.to is not a stage of the map`);
    if (move.from === move.to) add(`${field}.to`, `${field}.to is the stage the move starts from`);
    const pair = `${move.from}>${move.to}`;
    if (moves.has(pair)) add(field, `${field} repeats an earlier move`);
    moves.add(pair);
  });

  // Bands: unique keys covering every score once.
  const bands = keyed(input.bands, 'band', MAP_LIMITS.bands);
  input.bands.forEach((band, i) => {
    const field = `input.bands[${i}]`;
    if (!within(band.min, SCORE_MIN, SCORE_MAX)) add(`${field}.min`, `${field}.min must be a whole number from ${SCORE_MIN} to ${SCORE_MAX}`);
    if (!within(band.max, SCORE_MIN, SCORE_MAX)) add(`${field}.max`, `${field}.max must be a whole number from ${SCORE_MIN} to ${SCORE_MAX}`);
    else if (band.max < band.min) add(`${field}.max`, `${field}.max must not be below its min`);
  });
  problems.push(...coverageProblems(input));

  // Rules: each names stages of the map and a move the moves allow.
  const rules = new Set<string>();
  const ruleInputs = input.rules ?? [];
  if (ruleInputs.length > MAP_LIMITS.rules) add('input.rules', `input.rules must hold at most ${MAP_LIMITS.rules} rules`);
  ruleInputs.forEach((rule, i) => {
    const field = `input.rules[${i}]`;
    if (!ID.test(rule.id)) add(`${field}.id`, `${field}.id must be 1 to 40 lower-case letters, digits or dashes, starting with a letter`);
    else if (rules.has(rule.id)) add(`${field}.id`, `${field}.id repeats the id of an earlier rule`);
    rules.add(rule.id);
    if (rule.band !== null && rule.band !== undefined && !bands.has(rule.band)) add(`${field}.band`, `${field}.band is not a band of the map`);
    const toKnown = isStage(rule.toStage);
    if (!toKnown) add(`${field}.toStage`, `${field}.toStage is not a stage of the map`);
    if (rule.fromStages.length === 0) add(`${field}.fromStages`, `${field}.fromStages must name at least one stage`);
    rule.fromStages.forEach((from, j) => {
      if (!isStage(from)) add(`${field}.fromStages[${j}]`, `${field}.fromStages[${j}] is not a stage of the map`);
      else if (toKnown && !moves.has(`${from}>${rule.toStage}`)) {
        add(`${field}.fromStages[${j}]`, `${field}.fromStages[${j}]: the moves do not allow ${from} to ${rule.toStage}`);
      }
    });
    check(() => requiredLine(`${field}.reason`, rule.reason, LIMITS.reason));
  });

  // The stages the work lists read, and the settings.
  if (!isStage(input.atRiskStage)) add('input.atRiskStage', 'input.atRiskStage is not a stage of the map');
  if (!isStage(input.churnedStage)) add('input.churnedStage', 'input.churnedStage is not a stage of the map');
  (input.thankedStages ?? []).forEach((key, i) => {
    if (!isStage(key)) add(`input.thankedStages[${i}]`, `input.thankedStages[${i}] is not a stage of the map`);
  });
  for (const setting of ['feedbackWithinDays', 'attributionDays'] as const) {
    const value = input[setting];
    if (value !== null && value !== undefined && !within(value, 1, MAP_SETTING_LIMITS[setting])) {
      add(`input.${setting}`, `input.${setting} must be a whole number from 1 to ${MAP_SETTING_LIMITS[setting]}`);
    }
  }
  const first = input.stages[0];
  if (first && isStage(first.key) && !input.moves.some((move) => move.from === first.key && isStage(move.to))) {
    add('input.moves', `input.moves must let customers leave the first stage, ${first.key}: no stage is reachable from it`);
  }
  problems.push(...migrationProblems(input.migrate ?? [], stored, isStage));
  return problems;
}

/** Bands, lowest first, must run from 1 to 10 with no score in two bands and none in no band. */
function coverageProblems(input: MapInput): MapProblem[] {
  const valid = input.bands
    .map((band, index) => ({ band, index }))
    .filter(({ band }) => within(band.min, SCORE_MIN, SCORE_MAX) && within(band.max, SCORE_MIN, SCORE_MAX) && band.max >= band.min)
    .sort((a, b) => a.band.min - b.band.min);
  if (valid.length !== input.bands.length || valid.length === 0) return [];
  const problems: MapProblem[] = [];
  let next = SCORE_MIN;
  for (const { band, index } of valid) {
    const field = `input.bands[${index}].min`;
    if (band.min > next) problems.push({ field, message: `${field}: no band holds the scores from ${next} to ${band.min - 1}` });
    if (band.min < next) problems.push({ field, message: `${field}: scores from ${band.min} to ${next - 1} are in an earlier band too` });
    next = Math.max(next, band.max + 1);
  }
  if (next <= SCORE_MAX) problems.push({ field: 'input.bands', message: `input.bands: no band holds the scores from ${next} to ${SCORE_MAX}` });
  return problems;
}

/** `migrate` may name only stages the update removes, each once, and send their customers to a stage of the new map. */
function migrationProblems(migrate: MigrationInput[], stored: LifecycleMap | null, isStage: (key: string) => boolean): MapProblem[] {
  if (stored === null) return [];
  const problems: MapProblem[] = [];
  const seen = new Set<string>();
  migrate.forEach((migration, i) => {
    const field = `input.migrate[${i}]`;
    if (!stored.stages.some((stage) => stage.key === migration.from) || isStage(migration.from)) {
      problems.push({ field: `${field}.from`, message: `${field}.from is not a stage this update removes` });
    } else if (seen.has(migration.from)) {
      problems.push({ field: `${field}.from`, message: `${field}.from repeats an earlier migration` });
    }
    seen.add(migration.from);
    if (!isStage(migration.to)) problems.push({ field: `${field}.to`, message: `${field}.to is not a stage of the new map` });
  });
  return problems;
}

const within = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;

/** BAD_USER_INPUT for a map input with problems: the first names the field, all of them travel in `problems`. */
export function requireValidMap(input: MapInput, stored: LifecycleMap | null): void {
  const problems = mapProblems(input, stored);
  const [first] = problems;
  if (!first) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw new DomainError('BAD_USER_INPUT', `${first.message}${more}`, { field: first.field, problems });
}

/** The map an input describes, with its defaults filled in. The input must have passed mapProblems. */
export function mapFromInput(id: string, input: MapInput, version: number): LifecycleMap {
  return {
    id,
    name: input.name.trim(),
    stages: input.stages.map((stage, position) => ({
      key: stage.key,
      name: stage.name.trim(),
      description: optionalLine('description', stage.description, MAP_LIMITS.description),
      position,
      offPath: stage.offPath ?? false,
      ownerTeam: stage.ownerTeam ?? null,
      reasonRequired: stage.reasonRequired ?? false,
      staleAfterDays: stage.staleAfterDays ?? null,
    })),
    moves: input.moves.map(({ from, to }) => ({ from, to })),
    rules: (input.rules ?? []).map((rule) => ({
      id: rule.id,
      kind: rule.kind ?? null,
      band: rule.band ?? null,
      fromStages: [...rule.fromStages],
      toStage: rule.toStage,
      reason: rule.reason.trim(),
    })),
    bands: [...input.bands].sort((a, b) => a.min - b.min).map(({ key, name, min, max }) => ({ key, name: name.trim(), min, max })),
    atRiskStage: input.atRiskStage,
    churnedStage: input.churnedStage,
    thankedStages: [...(input.thankedStages ?? [])],
    feedbackWithinDays: input.feedbackWithinDays ?? MAP_SETTING_DEFAULTS.feedbackWithinDays,
    attributionDays: input.attributionDays ?? MAP_SETTING_DEFAULTS.attributionDays,
    version,
  };
}

/** The stages of `stored` that `next` no longer has, in map order. */
export function removedStages(stored: LifecycleMap, next: LifecycleMap): string[] {
  const kept = new Set(next.stages.map((stage) => stage.key));
  return stored.stages.filter((stage) => !kept.has(stage.key)).map((stage) => stage.key);
}

import type { BandInput, MapInput, MigrationInput, MoveInput, RuleInput, StageInput } from '../../src/domain/mapInput';
import { TEAMS, TOUCHPOINT_KINDS } from '../../src/domain/vocabulary';
import { number, object, oneOf, optionalArray, optionalBoolean, optionalNumber, optionalString, string } from './jsonShape';

/** The keys of a map in a fixture: LifecycleMapInput's, but for migrate and dryRun (a fixture only creates). */
export const MAP_KEYS = [
  'name',
  'stages',
  'moves',
  'rules',
  'bands',
  'atRiskStage',
  'churnedStage',
  'thankedStages',
  'feedbackWithinDays',
  'attributionDays',
];

/**
 * LOCAL ONLY. A map of a fixture, checked for shape only (strings, numbers, lists where they belong):
 * createLifecycleMap checks the rest and names the field (`fixture.maps[1].moves[3].to`).
 */
export function fixtureMap(field: string, value: unknown): MapInput {
  const json = object(field, value, ['id', ...MAP_KEYS]);
  const list = <T>(key: string, item: (itemField: string, itemValue: unknown) => T): T[] =>
    optionalArray(`${field}.${key}`, json[key]).map((itemValue, i) => item(`${field}.${key}[${i}]`, itemValue));
  return {
    id: string(`${field}.id`, json['id']),
    name: string(`${field}.name`, json['name']),
    stages: list('stages', stage),
    moves: list('moves', pair),
    rules: list('rules', rule),
    bands: list('bands', band),
    atRiskStage: string(`${field}.atRiskStage`, json['atRiskStage']),
    churnedStage: string(`${field}.churnedStage`, json['churnedStage']),
    thankedStages: list('thankedStages', string),
    feedbackWithinDays: optionalNumber(`${field}.feedbackWithinDays`, json['feedbackWithinDays']),
    attributionDays: optionalNumber(`${field}.attributionDays`, json['attributionDays']),
  };
}

function stage(field: string, value: unknown): StageInput {
  const json = object(field, value, ['key', 'name', 'description', 'offPath', 'ownerTeam', 'reasonRequired', 'staleAfterDays']);
  return {
    key: string(`${field}.key`, json['key']),
    name: string(`${field}.name`, json['name']),
    description: optionalString(`${field}.description`, json['description']),
    offPath: optionalBoolean(`${field}.offPath`, json['offPath']),
    ownerTeam: json['ownerTeam'] === undefined || json['ownerTeam'] === null ? null : oneOf(`${field}.ownerTeam`, json['ownerTeam'], TEAMS),
    reasonRequired: optionalBoolean(`${field}.reasonRequired`, json['reasonRequired']),
    staleAfterDays: optionalNumber(`${field}.staleAfterDays`, json['staleAfterDays']),
  };
}

function pair(field: string, value: unknown): MoveInput & MigrationInput {
  const json = object(field, value, ['from', 'to']);
  return { from: string(`${field}.from`, json['from']), to: string(`${field}.to`, json['to']) };
}

function rule(field: string, value: unknown): RuleInput {
  const json = object(field, value, ['id', 'kind', 'band', 'fromStages', 'toStage', 'reason']);
  return {
    id: string(`${field}.id`, json['id']),
    kind: json['kind'] === undefined || json['kind'] === null ? null : oneOf(`${field}.kind`, json['kind'], TOUCHPOINT_KINDS),
    band: optionalString(`${field}.band`, json['band']),
    fromStages: optionalArray(`${field}.fromStages`, json['fromStages']).map((from, i) => string(`${field}.fromStages[${i}]`, from)),
    toStage: string(`${field}.toStage`, json['toStage']),
    reason: string(`${field}.reason`, json['reason']),
  };
}

function band(field: string, value: unknown): BandInput {
  const json = object(field, value, ['key', 'name', 'min', 'max']);
  return {
    key: string(`${field}.key`, json['key']),
    name: string(`${field}.name`, json['name']),
    min: number(`${field}.min`, json['min']),
    max: number(`${field}.max`, json['max']),
  };
}

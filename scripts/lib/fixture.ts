import { DEFAULT_MAP_ID } from '../../src/domain/defaultMap';
import { badInput } from '../../src/domain/errors';
import type { MapInput } from '../../src/domain/mapInput';
import type { Instant } from '../../src/domain/records';
import { CHANNELS, TEAMS, TOUCHPOINT_KINDS, type Channel, type Team, type TouchpointKind } from '../../src/domain/vocabulary';
import { MAP_KEYS, fixtureMap } from './fixtureMap';
import { object, oneOf, optionalArray, optionalInstant, optionalNumber, optionalString, string } from './jsonShape';

/**
 * LOCAL ONLY. A fixture: the customers a consumer's tests start from, with their touchpoints and moves, written
 * through the same use cases as the API. This module only checks its shape; the use cases check the values.
 */
export interface Fixture {
  /** Maps of the fixture's own, created (through createLifecycleMap) before its customers. */
  maps: MapInput[];
  customers: FixtureCustomer[];
}

export interface FixtureCustomer {
  externalId: string;
  name: string;
  email: string | null;
  mapId: string;
  /** When it was created; its first event (or the seeding clock) when absent. */
  createdAt: Instant | null;
  touchpoints: FixtureTouchpoint[];
  moves: FixtureMove[];
}

export interface FixtureTouchpoint {
  /** A name other touchpoints of the same customer use in `resolves`. */
  ref: string | null;
  occurredAt: Instant | null;
  team: Team;
  channel: Channel;
  kind: TouchpointKind;
  score: number | null;
  note: string | null;
  revenue: number | null;
  cost: number | null;
  campaign: string | null;
  /** The ref of an earlier COMPLAINT of the same customer. */
  resolves: string | null;
}

export interface FixtureMove {
  at: Instant | null;
  toStage: string;
  team: Team;
  reason: string | null;
}

/** One step of a customer's history in the order it is written: by time, touchpoints before moves at a tie. */
export type FixtureEvent =
  | { type: 'touchpoint'; field: string; at: Instant | null; touchpoint: FixtureTouchpoint }
  | { type: 'move'; field: string; at: Instant | null; move: FixtureMove };


/** The fixture in a parsed JSON document, or BAD_USER_INPUT naming the field (e.g. `fixture.customers[2].name`). */
export function parseFixture(document: unknown, field = 'fixture'): Fixture {
  const root = object(field, document, ['maps', 'customers']);
  // `{ "id": "default" }` names the default map, always seeded as it is; any other entry is a whole map to create.
  const maps = optionalArray(`${field}.maps`, root['maps']).flatMap((map, i) => {
    const mapField = `${field}.maps[${i}]`;
    const { id, ...rest } = object(mapField, map, ['id', ...MAP_KEYS]);
    if (id !== DEFAULT_MAP_ID) return [fixtureMap(mapField, map)];
    const other = Object.keys(rest)[0];
    if (other !== undefined) throw badInput(`${mapField}.${other}`, `${mapField}: the default map is seeded as it is; give your own map another id`);
    return [];
  });
  const customers = optionalArray(`${field}.customers`, root['customers']).map((value, i) =>
    customer(`${field}.customers[${i}]`, value),
  );
  return { maps, customers };
}

/** A customer's touchpoints and moves merged in time order; undated ones (at the seeding clock) last. */
export function fixtureEvents(customer: FixtureCustomer, field: string): FixtureEvent[] {
  const events: FixtureEvent[] = [
    ...customer.touchpoints.map((touchpoint, i) => ({
      type: 'touchpoint' as const,
      field: `${field}.touchpoints[${i}]`,
      at: touchpoint.occurredAt,
      touchpoint,
    })),
    ...customer.moves.map((move, i) => ({ type: 'move' as const, field: `${field}.moves[${i}]`, at: move.at, move })),
  ];
  const order = (event: FixtureEvent) => (event.at === null ? Number.POSITIVE_INFINITY : Date.parse(event.at));
  // Array.prototype.sort is stable: ties keep touchpoints first, each list in file order.
  return events.sort((a, b) => order(a) - order(b));
}

function customer(field: string, value: unknown): FixtureCustomer {
  const json = object(field, value, ['externalId', 'name', 'email', 'mapId', 'createdAt', 'touchpoints', 'moves']);
  return {
    externalId: string(`${field}.externalId`, json['externalId']),
    name: string(`${field}.name`, json['name']),
    email: optionalString(`${field}.email`, json['email']),
    mapId: optionalString(`${field}.mapId`, json['mapId']) ?? DEFAULT_MAP_ID,
    createdAt: optionalInstant(`${field}.createdAt`, json['createdAt']),
    touchpoints: optionalArray(`${field}.touchpoints`, json['touchpoints']).map((item, i) =>
      touchpoint(`${field}.touchpoints[${i}]`, item),
    ),
    moves: optionalArray(`${field}.moves`, json['moves']).map((item, i) => move(`${field}.moves[${i}]`, item)),
  };
}

function touchpoint(field: string, value: unknown): FixtureTouchpoint {
  const json = object(field, value, [
    'ref',
    'occurredAt',
    'team',
    'channel',
    'kind',
    'score',
    'note',
    'revenue',
    'cost',
    'campaign',
    'resolves',
  ]);
  return {
    ref: optionalString(`${field}.ref`, json['ref']),
    occurredAt: optionalInstant(`${field}.occurredAt`, json['occurredAt']),
    team: oneOf(`${field}.team`, json['team'], TEAMS),
    channel: oneOf(`${field}.channel`, json['channel'], CHANNELS),
    kind: oneOf(`${field}.kind`, json['kind'], TOUCHPOINT_KINDS),
    score: optionalNumber(`${field}.score`, json['score']),
    note: optionalString(`${field}.note`, json['note']),
    revenue: optionalNumber(`${field}.revenue`, json['revenue']),
    cost: optionalNumber(`${field}.cost`, json['cost']),
    campaign: optionalString(`${field}.campaign`, json['campaign']),
    resolves: optionalString(`${field}.resolves`, json['resolves']),
  };
}

function move(field: string, value: unknown): FixtureMove {
  const json = object(field, value, ['at', 'toStage', 'team', 'reason']);
  return {
    at: optionalInstant(`${field}.at`, json['at']),
    toStage: string(`${field}.toStage`, json['toStage']),
    team: oneOf(`${field}.team`, json['team'], TEAMS),
    reason: optionalString(`${field}.reason`, json['reason']),
  };
}

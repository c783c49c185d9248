import type { Caller } from '../../src/domain/access';
import { DomainError, badInput } from '../../src/domain/errors';
import { fixtureEvents, type Fixture, type FixtureCustomer } from './fixture';
import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { createLifecycleMap } from '../../src/app/editMaps';
import { recordTouchpoint } from '../../src/app/recordTouchpoints';
import type { Seeding } from './seeding';

const SEEDER: Caller = { sub: 'local-seed', roles: ['admin'] };

/**
 * LOCAL ONLY. Writes a fixture's customers through the API's own use cases, each event under a clock set to its
 * date, so journeys, work lists and insights come out as if it had all happened then. Dates may not lie after
 * `now`. A refusal names the fixture's field (`fixture.customers[1].touchpoints[0].score`). Answers the ids.
 */
export async function applyFixture(seed: Seeding, fixture: Fixture, now: Date): Promise<string[]> {
  seed.setClock(now);
  for (const [i, map] of fixture.maps.entries()) {
    await naming(`fixture.maps[${i}]`, () => createLifecycleMap(seed.services, SEEDER, map));
  }
  const ids: string[] = [];
  for (const [i, customer] of fixture.customers.entries()) {
    ids.push(await applyCustomer(seed, customer, `fixture.customers[${i}]`, now));
  }
  return ids;
}

async function applyCustomer(seed: Seeding, fixture: FixtureCustomer, field: string, now: Date): Promise<string> {
  const events = fixtureEvents(fixture, field);
  const createdAt = fixture.createdAt ?? events[0]?.at ?? null;
  const dated = (at: string | null, atField: string) => {
    if (at !== null && Date.parse(at) > now.getTime()) throw badInput(atField, `${atField} must not be after the local clock's now`);
    if (at !== null && createdAt !== null && at < createdAt) throw badInput(atField, `${atField} must not be before the customer's createdAt`);
    seed.setClock(at === null ? now : new Date(at));
  };

  dated(createdAt, `${field}.createdAt`);
  const { customer } = await naming(field, () =>
    createCustomer(seed.services, SEEDER, {
      externalId: fixture.externalId,
      name: fixture.name,
      email: fixture.email,
      mapId: fixture.mapId,
    }),
  );
  const refs = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'move') {
      dated(event.at, `${event.field}.at`);
      const { toStage, team, reason } = event.move;
      await naming(event.field, () => advanceCustomer(seed.services, SEEDER, { customerId: customer.id, toStage, team, reason }));
      continue;
    }
    const { ref, resolves, ...touchpoint } = event.touchpoint;
    dated(event.at, `${event.field}.occurredAt`);
    const resolved = resolves === null ? null : refs.get(resolves);
    if (resolved === undefined) throw badInput(`${event.field}.resolves`, `${event.field}.resolves names no earlier touchpoint's ref`);
    const { touchpoint: written } = await naming(event.field, () =>
      recordTouchpoint(seed.services, SEEDER, { ...touchpoint, customerId: customer.id, resolves: resolved }),
    );
    if (ref !== null) {
      if (refs.has(ref)) throw badInput(`${event.field}.ref`, `${event.field}.ref is used twice for this customer`);
      refs.set(ref, written.id);
    }
  }
  return customer.id;
}

/** A use case's refusal of `input.x`, re-addressed to the fixture's field `<field>.x`. */
async function naming<T>(field: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const at = error.field === undefined ? field : `${field}.${error.field.replace(/^input\./, '')}`;
    const allowed = error.allowed === undefined ? {} : { allowed: error.allowed };
    throw new DomainError(error.code, `${at}: ${error.message}`, { field: at, ...allowed, cause: error });
  }
}

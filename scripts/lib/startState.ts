import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import type { Fixture } from './fixture';
import type { Services } from '../../src/app/services';
import { applyFixture } from './applyFixture';
import { seedB2bDemoData } from './b2bDemoData';
import { seedDemoData } from './demoData';
import { seeding } from './seeding';

export interface StartState {
  demo: boolean;
  fixture: Fixture | undefined;
}

/**
 * LOCAL ONLY. What a local stack starts from, written into an empty table: the default map, then the demo data
 * (ids `cus_demo…`, and the B2B map with its companies, ids `cus_b2b…`) and the fixture (ids `cus_seed…`) when
 * asked, dated up to `now`. Answers the customers' ids, demo first, each in the order written.
 */
export async function seedStartState(services: Services, state: StartState, now: Date): Promise<string[]> {
  await services.store.putMap(DEFAULT_MAP);
  const ids: string[] = [];
  if (state.demo) {
    const demo = seeding(services, 'demo', now);
    ids.push(...(await seedDemoData(demo.services, demo.setClock, now)));
    const b2b = seeding(services, 'b2b', now);
    ids.push(...(await seedB2bDemoData(b2b.services, b2b.setClock, now)));
  }
  if (state.fixture) ids.push(...(await applyFixture(seeding(services, 'seed', now), state.fixture, now)));
  return ids;
}

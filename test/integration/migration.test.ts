import { B2B_MAP_INPUT } from '../../scripts/lib/b2bMap';
import { createCustomer } from '../../src/app/createCustomer';
import { createLifecycleMap, updateLifecycleMap } from '../../src/app/editMaps';
import { recordTouchpoints } from '../../src/app/recordTouchpoints';
import type { MapInput } from '../../src/domain/mapInput';
import { withDeadline } from '../../src/store/deadline';
import { freshTable, type TestTable } from '../support/dynamodb';

const admin = { sub: 'admin', roles: ['admin' as const] };
const CUSTOMERS = 150;

describe('a migration too long for one request', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await freshTable();
    await createLifecycleMap(table.services, admin, structuredClone(B2B_MAP_INPUT));
    const ids: string[] = [];
    for (let i = 0; i < CUSTOMERS; i += 25) {
      const chunk = await Promise.all(
        Array.from({ length: 25 }, (_, j) => createCustomer(table.services, admin, { externalId: `m${i + j}`, name: 'M', mapId: 'b2b' })),
      );
      ids.push(...chunk.map(({ customer }) => customer.id));
    }
    for (let i = 0; i < CUSTOMERS; i += 100) {
      const items = ids.slice(i, i + 100).map((customerId) => ({ customerId, team: 'TRAINING' as const, channel: 'WEB' as const, kind: 'ONBOARDING' as const }));
      const outcomes = await recordTouchpoints(table.services, admin, { items });
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    }
  });

  const withoutTrial = (): MapInput => {
    const input = { ...structuredClone(B2B_MAP_INPUT), id: null };
    input.stages = input.stages.filter((s) => s.key !== 'TRIAL');
    input.moves = [...input.moves.filter((m) => m.from !== 'TRIAL' && m.to !== 'TRIAL'), { from: 'LEAD', to: 'CUSTOMER' }];
    input.rules = (input.rules ?? []).filter((r) => r.toStage !== 'TRIAL' && !r.fromStages.includes('TRIAL'));
    input.migrate = [{ from: 'TRIAL', to: 'CUSTOMER' }];
    return input;
  };
  const counts = async () => {
    const read = await table.store.stageCounts('b2b', ['TRIAL', 'CUSTOMER'], true);
    return { TRIAL: read.get('TRIAL') ?? 0, CUSTOMER: read.get('CUSTOMER') ?? 0 };
  };

  it('stops in time with UNAVAILABLE, the map stored; sent again, it moves the rest, and once done nobody more', async () => {
    // Time to store the map but not for a round of moves: the request stops before Lambda would cut it off.
    await expect(
      withDeadline(Date.now() + 1_000, () => updateLifecycleMap(table.services, admin, { id: 'b2b', expectedVersion: 1, input: withoutTrial() })),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', field: 'input.migrate' });
    expect((await table.store.getMap('b2b', true))?.version).toBe(2);
    const partway = await counts();
    expect(partway).toEqual({ TRIAL: CUSTOMERS, CUSTOMER: 0 });

    const resumed = await updateLifecycleMap(table.services, admin, { id: 'b2b', expectedVersion: 1, input: withoutTrial() });
    expect(resumed.map.version).toBe(2);
    expect(resumed.migrated).toBe(partway.TRIAL);
    expect(await counts()).toEqual({ TRIAL: 0, CUSTOMER: CUSTOMERS });

    const again = await updateLifecycleMap(table.services, admin, { id: 'b2b', expectedVersion: 1, input: withoutTrial() });
    expect(again).toMatchObject({ map: { version: 2 }, migrated: 0 });
    expect(await counts()).toEqual({ TRIAL: 0, CUSTOMER: CUSTOMERS });
    // Every customer moved exactly once: one "map updated" transition each.
    const journeys = await Promise.all((await table.store.customersInStages('b2b', ['CUSTOMER'], 100, null)).nodes.map(({ node }) => table.store.journey(node.id)));
    expect(journeys.every((journey) => journey.filter((t) => t.reason === 'map updated').length === 1)).toBe(true);
  });
});

import { B2B_MAP_INPUT } from '../../scripts/lib/b2bMap';
import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { createLifecycleMap, updateLifecycleMap } from '../../src/app/editMaps';
import { recordTouchpoint } from '../../src/app/recordTouchpoints';
import { applyMove } from '../../src/domain/moves';
import { mapFromInput } from '../../src/domain/mapValidation';
import { freshTable, type TestTable } from '../support/dynamodb';

const admin = { sub: 'admin', roles: ['admin' as const] };

describe("a write planned on a map version that was replaced before it committed", () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await freshTable();
    await createLifecycleMap(table.services, admin, structuredClone(B2B_MAP_INPUT));
  });

  // Version 2 no longer lets a LEAD start a trial.
  const withoutTrialStart = () => {
    const input = { ...structuredClone(B2B_MAP_INPUT), id: null };
    input.moves = input.moves.filter((m) => !(m.from === 'LEAD' && m.to === 'TRIAL'));
    input.moves.push({ from: 'LEAD', to: 'CUSTOMER' });
    input.rules = (input.rules ?? []).filter((r) => r.id !== 'trial-started');
    return input;
  };

  it('fails its transaction and leaves the customer as it was; planned again, the move is refused', async () => {
    const { customer } = await createCustomer(table.services, admin, { externalId: 'g1', name: 'G', mapId: 'b2b' });
    const read = await table.store.readForWrite([customer.id], ['b2b']);
    const map = read.maps.get('b2b');
    const before = read.customers.get(customer.id);
    if (!map || !before) throw new Error('not read');
    const { after, transition } = applyMove(map, before, {
      transitionId: 'trn_planned_on_v1', to: 'TRIAL', at: table.clock.now().toISOString(), team: 'TRAINING', reason: null,
      touchpointId: null, automatic: false, ruleId: null, recordedBy: 'test',
    });

    await updateLifecycleMap(table.services, admin, { id: 'b2b', expectedVersion: 1, input: withoutTrialStart() });
    const outcomes = await table.store.commit(
      [{ map, before, after, transitions: [transition], touchpoints: [], resolutions: [], idempotency: [] }],
      table.clock.now(),
    );
    expect(outcomes).toEqual([{ status: 'stale' }]);
    expect(await table.store.getCustomer(customer.id, true)).toEqual(before);
    expect(await table.store.journey(customer.id)).toHaveLength(1);

    await expect(advanceCustomer(table.services, admin, { customerId: customer.id, toStage: 'TRIAL', team: 'TRAINING' })).rejects.toMatchObject({
      code: 'INVALID_MOVE',
    });
    // A touchpoint is recorded, checked against version 2: its old rule no longer fires.
    const touch = await recordTouchpoint(table.services, admin, { customerId: customer.id, team: 'TRAINING', channel: 'WEB', kind: 'ONBOARDING' });
    expect(touch.transition).toBeNull();
    const moved = await advanceCustomer(table.services, admin, { customerId: customer.id, toStage: 'CUSTOMER', team: 'OPERATIONS' });
    expect(moved.transition).toMatchObject({ from: 'LEAD', to: 'CUSTOMER', mapVersion: 2 });
  });
});

describe('a map update removing a stage that a customer enters after it was counted', () => {
  it('is refused by the stage counters it read, and counted again: CONFLICT with the customer that entered', async () => {
    const table = await freshTable();
    await createLifecycleMap(table.services, admin, structuredClone(B2B_MAP_INPUT));
    const input = { ...structuredClone(B2B_MAP_INPUT), id: null };
    input.stages = input.stages.filter((s) => s.key !== 'EXPANSION');
    input.moves = input.moves.filter((m) => m.from !== 'EXPANSION' && m.to !== 'EXPANSION');
    input.rules = (input.rules ?? []).map((r) => ({ ...r, fromStages: r.fromStages.filter((from) => from !== 'EXPANSION') }));
    input.thankedStages = ['CUSTOMER'];
    const { customer } = await createCustomer(table.services, admin, { externalId: 'e1', name: 'E', mapId: 'b2b' });
    for (const toStage of ['TRIAL', 'CUSTOMER']) await advanceCustomer(table.services, admin, { customerId: customer.id, toStage, team: 'OPERATIONS' });

    // Counted empty; then the customer enters EXPANSION (planned on version 1) before the update commits.
    const counted = await table.store.maps.stageShards('b2b', ['EXPANSION']);
    await advanceCustomer(table.services, admin, { customerId: customer.id, toStage: 'EXPANSION', team: 'OPERATIONS' });
    const outcome = await table.store.maps.update(mapFromInput('b2b', input, 2), 1, counted);
    expect(outcome).toEqual({ status: 'stagesMoved' });
    expect((await table.store.getMap('b2b', true))?.version).toBe(1);

    await expect(updateLifecycleMap(table.services, admin, { id: 'b2b', expectedVersion: 1, input })).rejects.toMatchObject({
      code: 'CONFLICT',
      count: 1,
      field: 'input.migrate',
    });
  });
});

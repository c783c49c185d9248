import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { B2B_MAP_INPUT } from '../../scripts/lib/b2bMap';
import { createCustomer } from '../../src/app/createCustomer';
import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeEach(async () => {
  api = await startApi();
});

const MAP_FIELDS = `map { id name version stages { key name position } moves { from { key } to { key } } rules { id } bands { key min max }
  atRiskStage { key } churnedStage { key } thankedStages { key } feedbackWithinDays attributionDays } migrated`;
const CREATE = `mutation($input: LifecycleMapInput!) { createLifecycleMap(input: $input) { ${MAP_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $expected: Int!, $input: LifecycleMapInput!) {
  updateLifecycleMap(id: $id, expectedVersion: $expected, input: $input) { ${MAP_FIELDS} } }`;
const STAGES = `query($id: ID, $version: Int) { lifecycleMap(id: $id, version: $version) { version name stages { key customerCount } } }`;

const b2b = () => structuredClone(B2B_MAP_INPUT);
const withoutId = () => ({ ...b2b(), id: undefined });
const create = async () => {
  const response = await api.graphql(CREATE, { input: b2b() });
  expect(response.json.errors).toBeUndefined();
  expect(response.json.data.createLifecycleMap.migrated).toBe(0);
  return response.json.data.createLifecycleMap.map;
};

/** Every map item (current, versions, guards): what a refused write must leave as it was. */
async function mapItems(mapId: string) {
  const result = await api.table.client.send(
    new QueryCommand({ TableName: api.table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `MAP#${mapId}` }, ConsistentRead: true }),
  );
  return result.Items ?? [];
}

describe('lifecycleMaps', () => {
  const LIST = `{ lifecycleMaps { id name version stages { key customerCount } } }`;

  it('lists every map once, by id, as it stands now, to every role that reads', async () => {
    const before = await api.graphql(LIST, {}, { role: 'viewer' });
    expect(before.json.data.lifecycleMaps.map((m: { id: string }) => m.id)).toEqual(['default']);

    await create();
    const updated = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input: { ...withoutId(), name: 'B2B, renamed' } });
    expect(updated.json.errors).toBeUndefined();

    const after = await api.graphql(LIST, {}, { role: 'viewer' });
    expect(after.json.errors).toBeUndefined();
    // The kept version 1 of b2b is not a map of its own.
    expect(after.json.data.lifecycleMaps.map((m: { id: string; name: string; version: number }) => [m.id, m.name, m.version])).toEqual([
      ['b2b', 'B2B, renamed', 2],
      ['default', 'Customer lifecycle', 1],
    ]);
    expect(after.json.data.lifecycleMaps[0].stages.map((s: { key: string }) => s.key)).toEqual(['LEAD', 'TRIAL', 'CUSTOMER', 'EXPANSION', 'AT_RISK', 'CHURNED']);
  });
});

describe('createLifecycleMap', () => {
  it('stores a map at version 1 with everything it was given, for admins only', async () => {
    const refused = await api.graphql(CREATE, { input: b2b() }, { role: 'marketing' });
    expect(refused.json.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await mapItems('b2b')).toEqual([]);

    const map = await create();
    expect(map).toMatchObject({
      id: 'b2b',
      name: 'B2B with trial',
      version: 1,
      atRiskStage: { key: 'AT_RISK' },
      churnedStage: { key: 'CHURNED' },
      thankedStages: [{ key: 'EXPANSION' }],
      feedbackWithinDays: 14,
      attributionDays: 60,
    });
    expect(map.stages.map((s: { key: string }) => s.key)).toEqual(['LEAD', 'TRIAL', 'CUSTOMER', 'EXPANSION', 'AT_RISK', 'CHURNED']);
    expect(map.rules.map((r: { id: string }) => r.id)).toEqual(['trial-started', 'trial-converted', 'low-score']);
    const read = await api.graphql(STAGES, { id: 'b2b' }, { role: 'viewer' });
    expect(read.json.data.lifecycleMap).toMatchObject({ version: 1, name: 'B2B with trial' });

    const again = await api.graphql(CREATE, { input: { ...b2b(), name: 'Other' } });
    expect(again.json.errors[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.id' });
    // The same create sent again (its answer lost) answers the map it stored.
    const retried = await api.graphql(CREATE, { input: b2b() });
    expect(retried.json.data.createLifecycleMap.map).toMatchObject({ id: 'b2b', version: 1, name: 'B2B with trial' });
  });

  it('answers every problem with its field path, the first as extensions.field, and writes nothing', async () => {
    const input = b2b();
    input.moves[3] = { from: 'CUSTOMER', to: 'NOWHERE' };
    (input.rules ?? [])[1] = { id: 'trial-converted', kind: 'PURCHASE', fromStages: ['LEAD'], toStage: 'CUSTOMER', reason: 'Bought' };
    input.bands[1] = { key: 'OK', name: 'Satisfied', min: 8, max: 8 };
    input.feedbackWithinDays = 45;
    const response = await api.graphql(CREATE, { input });
    const [error] = response.json.errors;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.moves[3].to' });
    expect(error.extensions.problems.map((p: { field: string }) => p.field)).toEqual([
      'input.moves[3].to',
      'input.bands[1].min',
      'input.rules[1].fromStages[0]',
      'input.feedbackWithinDays',
    ]);
    expect(response.json.data).toBeNull();
    expect(await mapItems('b2b')).toEqual([]);
  });
});

describe('updateLifecycleMap', () => {
  it('stores the next version only from the expected one, keeps the older versions readable, and refuses the stale', async () => {
    await create();
    const renamed = { ...withoutId(), name: 'B2B, renamed' };
    const stale = await api.graphql(UPDATE, { id: 'b2b', expected: 2, input: renamed });
    expect(stale.json.errors[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const forbidden = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input: renamed }, { role: 'operations' });
    expect(forbidden.json.errors[0].extensions.code).toBe('FORBIDDEN');

    const updated = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input: renamed });
    expect(updated.json.data.updateLifecycleMap.map).toMatchObject({ version: 2, name: 'B2B, renamed' });
    const late = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input: { ...renamed, name: 'Late' } });
    expect(late.json.errors[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });

    const current = await api.graphql(STAGES, { id: 'b2b' });
    expect(current.json.data.lifecycleMap).toMatchObject({ version: 2, name: 'B2B, renamed' });
    const first = await api.graphql(STAGES, { id: 'b2b', version: 1 });
    expect(first.json.data.lifecycleMap).toMatchObject({ version: 1, name: 'B2B with trial' });
    expect((await api.graphql(STAGES, { id: 'b2b', version: 3 })).json.data.lifecycleMap).toBeNull();
    // The default map, seeded before versions were kept, answers its version 1 too.
    expect((await api.graphql(STAGES, { version: 1 })).json.data.lifecycleMap).toMatchObject({ version: 1 });
  });

  it('lets one of two racing updates win; the other is a CONFLICT', async () => {
    await create();
    const [a, b] = await Promise.all([
      api.graphql(UPDATE, { id: 'b2b', expected: 1, input: { ...withoutId(), name: 'A' } }),
      api.graphql(UPDATE, { id: 'b2b', expected: 1, input: { ...withoutId(), name: 'B' } }),
    ]);
    const outcomes = [a, b].map((r) => r.json.errors?.[0]?.extensions?.code ?? r.json.data.updateLifecycleMap.map.name).sort();
    expect(outcomes.filter((outcome) => outcome === 'CONFLICT')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'A' || outcome === 'B')).toHaveLength(1);
    expect((await api.graphql(STAGES, { id: 'b2b' })).json.data.lifecycleMap.version).toBe(2);
  });

  it('records on every transition the map version it was checked against, and the rule as that version had it', async () => {
    await create();
    const customer = (await api.graphql(`mutation { createCustomer(input: { externalId: "v1", name: "N", mapId: "b2b" }) { customer { id } } }`)).json.data.createCustomer.customer.id;
    const input = withoutId();
    (input.rules ?? [])[0] = { id: 'trial-started', kind: 'ONBOARDING', fromStages: ['LEAD'], toStage: 'TRIAL', reason: 'Trial began' };
    await api.graphql(UPDATE, { id: 'b2b', expected: 1, input });
    const touch = await api.graphql(
      `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: TRAINING, channel: WEB, kind: ONBOARDING }) { transition { mapVersion rule { id reason } } } }`,
      { id: customer },
    );
    expect(touch.json.data.recordTouchpoint.transition).toEqual({ mapVersion: 2, rule: { id: 'trial-started', reason: 'Trial began' } });
    const journey = await api.graphql(`query($id: ID!) { customer(id: $id) { journey { to { key } mapVersion reason } } }`, { id: customer });
    expect(journey.json.data.customer.journey).toEqual([
      { to: { key: 'LEAD' }, mapVersion: 1, reason: 'Created' },
      { to: { key: 'TRIAL' }, mapVersion: 2, reason: 'Trial began' },
    ]);
  });
});

describe('removing a stage', () => {
  const withoutTrial = () => {
    const input = withoutId();
    input.stages = input.stages.filter((s) => s.key !== 'TRIAL');
    input.moves = [...input.moves.filter((m) => m.from !== 'TRIAL' && m.to !== 'TRIAL'), { from: 'LEAD', to: 'CUSTOMER' }];
    input.rules = [
      { id: 'first-purchase', kind: 'PURCHASE', fromStages: ['LEAD'], toStage: 'CUSTOMER', reason: 'Bought' },
      ...(input.rules ?? []).filter((r) => r.toStage !== 'TRIAL' && !r.fromStages.includes('TRIAL')),
    ];
    return input;
  };

  async function customersInTrial(n: number): Promise<string[]> {
    const admin = { sub: 'seed', roles: ['admin' as const] };
    const ids: string[] = [];
    for (let i = 0; i < n; i += 20) {
      const chunk = await Promise.all(
        Array.from({ length: Math.min(20, n - i) }, (_, j) =>
          createCustomer(api.table.services, admin, { externalId: `t${i + j}`, name: `Trial ${i + j}`, mapId: 'b2b' }),
        ),
      );
      ids.push(...chunk.map(({ customer }) => customer.id));
    }
    for (let i = 0; i < n; i += 100) {
      const items = ids.slice(i, i + 100).map((customerId) => ({ customerId, team: 'TRAINING', channel: 'WEB', kind: 'ONBOARDING' }));
      const response = await api.graphql(`mutation($input: RecordTouchpointsInput!) { recordTouchpoints(input: $input) { recorded } }`, { input: { items } });
      expect(response.json.data.recordTouchpoints.recorded).toBe(items.length);
    }
    return ids;
  }

  it('is a CONFLICT with how many customers stand there, and changes nothing, unless they are migrated', async () => {
    await create();
    await customersInTrial(3);
    const before = await mapItems('b2b');
    const refused = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input: withoutTrial() });
    expect(refused.json.errors[0].extensions).toMatchObject({ code: 'CONFLICT', count: 3, field: 'input.migrate' });
    expect(await mapItems('b2b')).toEqual(before);
  });

  it('in a dry run answers the version it would store and who would move, with the same refusals, writing nothing', async () => {
    await create();
    await customersInTrial(3);
    const before = await mapItems('b2b');
    const refused = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input: { ...withoutTrial(), dryRun: true } });
    expect(refused.json.errors[0].extensions).toMatchObject({ code: 'CONFLICT', count: 3 });
    const dry = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input: { ...withoutTrial(), migrate: [{ from: 'TRIAL', to: 'LEAD' }], dryRun: true } });
    expect(dry.json.data.updateLifecycleMap).toMatchObject({ map: { version: 2 }, migrated: 3 });
    expect(dry.json.data.updateLifecycleMap.map.stages.map((s: { key: string }) => s.key)).not.toContain('TRIAL');
    expect(await mapItems('b2b')).toEqual(before);
    expect(Object.fromEntries(await api.table.store.stageCounts('b2b', ['LEAD', 'TRIAL'], true))).toEqual({ LEAD: 0, TRIAL: 3 });
    // The map this container serves is still version 1.
    expect((await api.graphql(STAGES, { id: 'b2b' })).json.data.lifecycleMap.version).toBe(1);
    const newMap = await api.graphql(CREATE, { input: { ...b2b(), id: 'b2b-draft', dryRun: true } });
    expect(newMap.json.data.createLifecycleMap.map).toMatchObject({ id: 'b2b-draft', version: 1 });
    expect(await mapItems('b2b-draft')).toEqual([]);
  });

  it('moves its >100 customers as transitions "map updated", with exact counts, whole journeys, and again safely', async () => {
    await create();
    const ids = await customersInTrial(130);
    const input = { ...withoutTrial(), migrate: [{ from: 'TRIAL', to: 'LEAD' }] };
    // As a client does: a request that ran out of time (UNAVAILABLE: the map stored, part moved) is sent again.
    let response = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input });
    for (let resent = 0; response.json.errors?.[0]?.extensions?.code === 'UNAVAILABLE' && resent < 10; resent++) {
      response = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input });
    }
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.updateLifecycleMap.map.version).toBe(2);
    expect(response.json.data.updateLifecycleMap.migrated).toBeGreaterThan(0);

    const counts = await api.table.store.stageCounts('b2b', ['LEAD', 'TRIAL', 'CUSTOMER'], true);
    expect(Object.fromEntries(counts)).toEqual({ LEAD: 130, TRIAL: 0, CUSTOMER: 0 });
    const listed = await api.graphql(`{ customers(mapId: "b2b", stage: "LEAD", first: 100) { totalCount } lifecycleMap(id: "b2b") { stages { key customerCount } } }`);
    expect(listed.json.data.customers.totalCount).toBe(130);
    expect(listed.json.data.lifecycleMap.stages.find((s: { key: string }) => s.key === 'LEAD').customerCount).toBe(130);

    const journey = await api.graphql(
      `query($id: ID!) { customer(id: $id) { stage { key } journey { from { key name } to { key } reason mapVersion automatic } } }`,
      { id: ids[77] },
    );
    expect(journey.json.data.customer).toEqual({
      stage: { key: 'LEAD' },
      journey: [
        { from: null, to: { key: 'LEAD' }, reason: 'Created', mapVersion: 1, automatic: false },
        { from: { key: 'LEAD', name: 'Lead' }, to: { key: 'TRIAL' }, reason: 'Trial started', mapVersion: 1, automatic: true },
        { from: { key: 'TRIAL', name: 'Trial' }, to: { key: 'LEAD' }, reason: 'map updated', mapVersion: 2, automatic: true },
      ],
    });

    // Sent again (a client whose answer was lost): the same version answers, nobody moves twice.
    const retried = await api.graphql(UPDATE, { id: 'b2b', expected: 1, input });
    expect(retried.json.data.updateLifecycleMap).toMatchObject({ map: { version: 2 }, migrated: 0 });
    expect(Object.fromEntries(await api.table.store.stageCounts('b2b', ['LEAD', 'TRIAL'], true))).toEqual({ LEAD: 130, TRIAL: 0 });
    // The projector counts the migration like any move, and the figures still name the removed stage.
    await api.table.project();
    const insights = await api.graphql(`{ insights(mapId: "b2b") { transitions { from { key } to { key } count } } }`);
    expect(insights.json.data.insights.transitions).toEqual(
      expect.arrayContaining([{ from: { key: 'TRIAL' }, to: { key: 'LEAD' }, count: 130 }]),
    );
  });
});

describe('a map update racing moves', () => {
  it('never lets a move commit against a version that does not allow it', async () => {
    await create();
    const ids: string[] = [];
    for (let i = 0; i < 50; i += 10) {
      const chunk = await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          api.graphql(`mutation($x: String!) { createCustomer(input: { externalId: $x, name: "R", mapId: "b2b" }) { customer { id } } }`, { x: `r${i + j}` }),
        ),
      );
      ids.push(...chunk.map((r) => r.json.data.createCustomer.customer.id));
    }
    // Version 2 no longer allows LEAD -> TRIAL (nor the rule that made it).
    const input = withoutId();
    input.moves = input.moves.filter((m) => !(m.from === 'LEAD' && m.to === 'TRIAL'));
    input.moves.push({ from: 'LEAD', to: 'CUSTOMER' });
    input.rules = (input.rules ?? []).filter((r) => r.id !== 'trial-started');
    const advance = (id: string) =>
      api.graphql(`mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "TRIAL", team: TRAINING }) { transition { mapVersion } } }`, { id }, { role: 'training' });
    const results = await Promise.all([
      ...ids.slice(0, 25).map(advance),
      api.graphql(UPDATE, { id: 'b2b', expected: 1, input }),
      ...ids.slice(25).map(advance),
    ]);
    expect(results[25]?.json.data.updateLifecycleMap.map.version).toBe(2);
    const moves = results.filter((_, i) => i !== 25);
    for (const move of moves) {
      const code = move.json.errors?.[0]?.extensions?.code;
      // Refused on version 2; or, on a machine too loaded to finish its retries in time, refused having written nothing.
      if (code) expect(['INVALID_MOVE', 'CONFLICT']).toContain(code);
      else expect(move.json.data.advanceCustomer.transition.mapVersion).toBe(1);
    }
    // Whatever was committed: every transition into TRIAL was checked against version 1, the one that allowed it.
    const journeys = await Promise.all(
      ids.map(async (id) => (await api.graphql(`query($id: ID!) { customer(id: $id) { journey { to { key } mapVersion } } }`, { id })).json.data.customer.journey),
    );
    const intoTrial = journeys.flat().filter((t: { to: { key: string } }) => t.to.key === 'TRIAL');
    expect(intoTrial.every((t: { mapVersion: number }) => t.mapVersion === 1)).toBe(true);
    expect(intoTrial.length).toBe(moves.filter((m) => !m.json.errors).length);
    // Afterwards the move is refused against version 2.
    const after = await advance(ids.find((_, i) => journeys[i]?.length === 1) ?? (ids[0] as string));
    expect(after.json.errors?.[0]?.extensions?.code ?? 'moved').toMatch(/INVALID_MOVE|moved/);
  });
});

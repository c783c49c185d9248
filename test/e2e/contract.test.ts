import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});

const CREATE = `mutation Create($input: CreateCustomerInput!) {
  createCustomer(input: $input) { customer { id externalId name email version stage { key } stageEnteredAt map { id } } }
}`;
const TOUCH = `mutation Touch($input: RecordTouchpointInput!) {
  recordTouchpoint(input: $input) {
    touchpoint { id team channel kind occurredAt recordedAt score band { key } note revenue cost customer { id } }
    customer { id stage { key } version latestScore band { key } }
    transition { from { key } to { key } automatic reason team touchpoint { id kind } }
  }
}`;
const ADVANCE = `mutation Advance($input: AdvanceCustomerInput!) {
  advanceCustomer(input: $input) { customer { stage { key } version } transition { from { key } to { key } reason team automatic } }
}`;

async function newCustomer(externalId: string) {
  const response = await api.graphql(CREATE, { input: { externalId, name: `Name ${externalId}`, email: `${externalId}@example.com` } });
  expect(response.json.errors).toBeUndefined();
  return response.json.data.createCustomer.customer as { id: string };
}

describe('the lifecycle map over GraphQL', () => {
  it('answers the default map: stages in order with counts, moves and bands', async () => {
    await newCustomer('map-1');
    const response = await api.graphql(
      `{ lifecycleMap { id name stages { key position offPath ownerTeam reasonRequired customerCount } moves { from { key } to { key } } bands { key min max } } }`,
      {},
      { role: 'viewer' },
    );
    expect(response.status).toBe(200);
    const map = response.json.data.lifecycleMap;
    expect(map.id).toBe('default');
    expect(map.stages.map((s: { key: string }) => s.key)).toEqual([
      'PROSPECT', 'ONBOARDING', 'ACTIVE', 'LOYAL', 'ADVOCATE', 'AT_RISK', 'CHURNED',
    ]);
    expect(map.stages[0]).toMatchObject({ key: 'PROSPECT', position: 0, offPath: false, ownerTeam: 'MARKETING' });
    expect(map.stages[6]).toMatchObject({ key: 'CHURNED', offPath: true, reasonRequired: true });
    expect(map.stages[0].customerCount).toBeGreaterThanOrEqual(1);
    expect(map.moves).toContainEqual({ from: { key: 'CHURNED' }, to: { key: 'PROSPECT' } });
    expect(map.bands).toEqual([
      { key: 'ALARM', min: 1, max: 5 },
      { key: 'MET', min: 6, max: 8 },
      { key: 'EXCEPTIONAL', min: 9, max: 10 },
    ]);
  });

  it('answers a query sent as GET /graphql (with the preflight header CSRF prevention asks for)', async () => {
    const response = await api.send(undefined, {
      method: 'GET',
      rawQueryString: `query=${encodeURIComponent('{ lifecycleMap { id } }')}`,
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { lifecycleMap: { id: 'default' } } });
  });

  it('answers null for an unknown map and an unknown customer', async () => {
    const response = await api.graphql(`{ lifecycleMap(id: "nope") { id } customer(id: "cus_nope") { id } }`);
    expect(response.json).toEqual({ data: { lifecycleMap: null, customer: null } });
  });

  it('creates, records a purchase that moves by rule, advances, and shows the journey in order', async () => {
    const customer = await newCustomer('journey-1');
    api.table.clock.advance(60_000);
    const bought = await api.graphql(TOUCH, {
      input: { customerId: customer.id, team: 'MARKETING', channel: 'WEB', kind: 'PURCHASE', revenue: 120.5, cost: 3 },
    });
    expect(bought.json.errors).toBeUndefined();
    expect(bought.json.data.recordTouchpoint).toMatchObject({
      touchpoint: { team: 'MARKETING', kind: 'PURCHASE', revenue: 120.5, cost: 3, score: null, customer: { id: customer.id } },
      customer: { stage: { key: 'ONBOARDING' }, version: 2 },
      transition: { from: { key: 'PROSPECT' }, to: { key: 'ONBOARDING' }, automatic: true, team: 'MARKETING' },
    });
    expect(bought.json.data.recordTouchpoint.transition.touchpoint.id).toBe(bought.json.data.recordTouchpoint.touchpoint.id);

    api.table.clock.advance(60_000);
    const advanced = await api.graphql(ADVANCE, {
      input: { customerId: customer.id, toStage: 'ACTIVE', team: 'TRAINING', reason: 'Trained', expectedVersion: 2 },
    });
    expect(advanced.json.data.advanceCustomer).toEqual({
      customer: { stage: { key: 'ACTIVE' }, version: 3 },
      transition: { from: { key: 'ONBOARDING' }, to: { key: 'ACTIVE' }, reason: 'Trained', team: 'TRAINING', automatic: false },
    });

    const read = await api.graphql(
      `query($id: ID!) { customer(id: $id) { stage { key } version journey { from { key } to { key } automatic at } touchpoints { edges { node { kind } } } } }`,
      { id: customer.id },
    );
    const found = read.json.data.customer;
    expect(found.journey.map((t: { to: { key: string } }) => t.to.key)).toEqual(['PROSPECT', 'ONBOARDING', 'ACTIVE']);
    expect(found.journey[0].from).toBeNull();
    expect(found.journey.map((t: { at: string }) => t.at)).toEqual([...found.journey.map((t: { at: string }) => t.at)].sort());
    expect(found.touchpoints.edges).toEqual([{ node: { kind: 'PURCHASE' } }]);
  });

  it('refuses a move the map does not allow with INVALID_MOVE and the allowed stages', async () => {
    const customer = await newCustomer('invalid-1');
    const response = await api.graphql(ADVANCE, { input: { customerId: customer.id, toStage: 'LOYAL', team: 'OPERATIONS' } });
    expect(response.json.data).toBeNull();
    expect(response.json.errors[0].extensions).toEqual({ code: 'INVALID_MOVE', allowed: ['ONBOARDING'], field: 'input.toStage' });
  });

  it('refuses a stale expectedVersion with CONFLICT', async () => {
    const customer = await newCustomer('stale-1');
    const response = await api.graphql(ADVANCE, {
      input: { customerId: customer.id, toStage: 'ONBOARDING', team: 'MARKETING', expectedVersion: 7 },
    });
    expect(response.json.errors[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion' });
  });

  it.each([
    ['score outside 1-10', { score: 11 }, 'input.score'],
    ['negative revenue', { revenue: -1 }, 'input.revenue'],
    ['negative cost', { cost: -0.5 }, 'input.cost'],
    ['over-long note', { note: 'x'.repeat(2001) }, 'input.note'],
    ['future occurredAt', { occurredAt: '2099-01-01T00:00:00Z' }, 'input.occurredAt'],
  ])('refuses a touchpoint with %s as BAD_USER_INPUT naming the field, writing nothing', async (_, extra, field) => {
    const customer = await newCustomer(`bad-${field}-${Math.random()}`);
    const response = await api.graphql(TOUCH, {
      input: { customerId: customer.id, team: 'OPERATIONS', channel: 'EMAIL', kind: 'FEEDBACK', ...extra },
    });
    expect(response.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const read = await api.graphql(`query($id: ID!) { customer(id: $id) { touchpoints { edges { cursor } } } }`, { id: customer.id });
    expect(read.json.data.customer.touchpoints.edges).toEqual([]);
  });

  it.each([
    ['an empty name', { name: '  ' }, 'input.name'],
    ['a name over 200 characters', { name: 'n'.repeat(201) }, 'input.name'],
    ['a malformed email', { email: 'not-an-email' }, 'input.email'],
    ['an unknown map', { mapId: 'nope' }, 'input.mapId'],
  ])('refuses a customer with %s as BAD_USER_INPUT naming the field', async (_, extra, field) => {
    const response = await api.graphql(CREATE, { input: { externalId: `x-${Math.random()}`, name: 'Valid', ...extra } });
    expect(response.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a move to CHURNED without a reason, and records the reason when given', async () => {
    const customer = await newCustomer('churn-1');
    await api.graphql(ADVANCE, { input: { customerId: customer.id, toStage: 'ONBOARDING', team: 'MARKETING' } });
    const refused = await api.graphql(ADVANCE, { input: { customerId: customer.id, toStage: 'CHURNED', team: 'MARKETING' } });
    expect(refused.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const churned = await api.graphql(ADVANCE, {
      input: { customerId: customer.id, toStage: 'CHURNED', team: 'MARKETING', reason: 'Moved abroad' },
    });
    expect(churned.json.data.advanceCustomer.transition.reason).toBe('Moved abroad');
  });

  it('refuses an unknown stage in a query as BAD_USER_INPUT and a page over 100', async () => {
    const unknown = await api.graphql(`{ customers(stage: "NOPE") { totalCount } }`);
    expect(unknown.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
    const tooMany = await api.graphql(`{ customers(first: 101) { totalCount } }`);
    expect(tooMany.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('pages the customers of a stage oldest entry first, with totalCount from the counters', async () => {
    const fresh = await startApi();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      fresh.table.clock.advance(1000);
      const response = await fresh.graphql(CREATE, { input: { externalId: `p-${i}`, name: `P${i}` } });
      ids.push(response.json.data.createCustomer.customer.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<TestApi['graphql']>> = await fresh.graphql(
        `query($after: String) { customers(stage: "PROSPECT", first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const prospect = page.json.data.customers;
      expect(prospect.totalCount).toBe(5);
      seen.push(...prospect.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!prospect.pageInfo.hasNextPage) break;
      after = prospect.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
    const viaMap = await fresh.graphql(`{ lifecycleMap { stages { key customers(first: 3) { totalCount edges { node { id } } } } } }`);
    const stages = viaMap.json.data.lifecycleMap.stages;
    expect(stages[0].customers.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(ids.slice(0, 3));
    expect(stages[1].customers).toEqual({ totalCount: 0, edges: [] });
  });

  it('pages touchpoints by opaque cursor and filters them by team', async () => {
    const customer = await newCustomer('pages-1');
    for (const [i, team] of (['OPERATIONS', 'TRAINING', 'OPERATIONS', 'MARKETING', 'OPERATIONS'] as const).entries()) {
      await api.graphql(TOUCH, {
        input: {
          customerId: customer.id,
          team,
          channel: 'CHAT',
          kind: 'SUPPORT_REQUEST',
          occurredAt: new Date(Date.parse('2026-05-01T00:00:00Z') - i * 3600_000).toISOString(),
        },
      });
    }
    const query = `query($id: ID!, $after: String, $team: Team) { customer(id: $id) { touchpoints(first: 2, after: $after, team: $team) {
      edges { cursor node { occurredAt team } } pageInfo { hasNextPage endCursor } } } }`;
    const all: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<TestApi['graphql']>> = await api.graphql(query, { id: customer.id, after });
      const connection = page.json.data.customer.touchpoints;
      all.push(...connection.edges.map((e: { node: { occurredAt: string } }) => e.node.occurredAt));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(all).toHaveLength(5);
    expect(all).toEqual([...all].sort());
    const operations = await api.graphql(query, { id: customer.id, team: 'OPERATIONS', after: null });
    expect(operations.json.data.customer.touchpoints.edges.map((e: { node: { team: string } }) => e.node.team)).toEqual([
      'OPERATIONS',
      'OPERATIONS',
    ]);
    const forged = await api.graphql(query, { id: customer.id, after: 'eyJwayI6IngifQ' });
    expect(forged.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers a retried mutation with the first result over HTTP too', async () => {
    const input = { externalId: 'retry-1', name: 'Retry', idempotencyKey: 'create-retry-1' };
    const first = await api.graphql(CREATE, { input });
    const second = await api.graphql(CREATE, { input });
    expect(second.json).toEqual(first.json);
    const other = await api.graphql(CREATE, { input: { ...input, name: 'Other' } });
    expect(other.json.errors[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.idempotencyKey' });
  });
});

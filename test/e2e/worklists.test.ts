import { startApi, type TestApi } from '../support/api';

const DAY = 86_400_000;
let api: TestApi;
beforeEach(async () => {
  api = await startApi();
});

async function create(name: string): Promise<string> {
  const response = await api.graphql(`mutation($x: String!, $n: String!) { createCustomer(input: { externalId: $x, name: $n }) { customer { id } } }`, {
    x: `ext-${name}`,
    n: name,
  });
  return response.json.data.createCustomer.customer.id;
}

async function move(id: string, ...stages: string[]) {
  for (const toStage of stages) {
    const reason = toStage === 'CHURNED' ? 'Went to a competitor' : null;
    const response = await api.graphql(
      `mutation($id: ID!, $to: ID!, $reason: String) { advanceCustomer(input: { customerId: $id, toStage: $to, team: OPERATIONS, reason: $reason }) { customer { id } } }`,
      { id, to: toStage, reason },
    );
    expect(response.json.errors).toBeUndefined();
  }
}

async function touch(id: string, input: Record<string, unknown>) {
  return api.graphql(
    `mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id } customer { stage { key } } } }`,
    { input: { customerId: id, team: 'OPERATIONS', channel: 'PHONE', kind: 'SUPPORT_REQUEST', ...input } },
  );
}

type Edge = { node: { id: string; name?: string } };
/** Reads a whole list page by page (size 2), asserting the cursor walks it with no gap and no repeat. */
async function readAll(field: string, args = '', select = field === 'openComplaints' ? 'id' : 'id name'): Promise<{ ids: string[]; names: string[]; totalCount: number }> {
  const ids: string[] = [];
  const names: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let pages = 0; pages < 50; pages++) {
    const query = `query($after: String) { ${field}(first: 2, after: $after${args ? `, ${args}` : ''}) { totalCount edges { node { ${select} } } pageInfo { hasNextPage endCursor } } }`;
    const response: Awaited<ReturnType<TestApi['graphql']>> = await api.graphql(query, { after });
    expect(response.json.errors).toBeUndefined();
    const connection = response.json.data[field];
    totalCount = connection.totalCount;
    for (const edge of connection.edges as Edge[]) {
      ids.push(edge.node.id);
      names.push(edge.node.name ?? '');
    }
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, names, totalCount };
}

describe('atRiskCustomers', () => {
  it('lists customers in AT_RISK longest waiting first, pages them, and drops one that recovers', async () => {
    const names = ['first', 'second', 'third'];
    for (const name of names) {
      const id = await create(name);
      await move(id, 'ONBOARDING', 'ACTIVE');
      api.table.clock.advance(3600_000);
      await touch(id, { kind: 'FEEDBACK', score: 3 });
    }
    const list = await readAll('atRiskCustomers');
    expect(list.names).toEqual(names);
    expect(list.totalCount).toBe(3);

    await move(list.ids[1] as string, 'ACTIVE');
    const after = await readAll('atRiskCustomers');
    expect(after.names).toEqual(['first', 'third']);
    expect(after.totalCount).toBe(2);
  });
});

describe('staleCustomers', () => {
  it('lists who entered ONBOARDING more than 30 days ago (its staleAfterDays), oldest first, exact at the boundary', async () => {
    const entered: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const id = await create(name);
      await move(id, 'ONBOARDING');
      entered.push(id);
      api.table.clock.advanceDays(1);
    }
    // Now: a entered 3 days ago, b 2, c 1. Move the clock so that b entered exactly 30 days ago.
    api.table.clock.advanceDays(28);
    const atEdge = await readAll('staleCustomers', 'stage: "ONBOARDING"');
    expect(atEdge.names).toEqual(['a']);
    api.table.clock.advance(1);
    const pastEdge = await readAll('staleCustomers', 'stage: "ONBOARDING"');
    expect(pastEdge.names).toEqual(['a', 'b']);
    expect(pastEdge.totalCount).toBe(2);
    const explicit = await readAll('staleCustomers', 'stage: "ONBOARDING", olderThanDays: 0');
    expect(explicit.names).toEqual(['a', 'b', 'c']);

    await move(entered[0] as string, 'ACTIVE');
    expect((await readAll('staleCustomers', 'stage: "ONBOARDING"')).names).toEqual(['b']);
  });

  it.each([
    ['a stage with no staleAfterDays and no olderThanDays', 'stage: "ACTIVE"', 'olderThanDays'],
    ['a negative olderThanDays', 'stage: "ACTIVE", olderThanDays: -1', 'olderThanDays'],
    ['an unknown stage', 'stage: "NOPE"', 'stage'],
    ['first over 100', 'stage: "ONBOARDING", first: 101', 'first'],
  ])('refuses %s as BAD_USER_INPUT', async (_, args, field) => {
    const response = await api.graphql(`{ staleCustomers(${args}) { totalCount } }`);
    expect(response.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('openComplaints', () => {
  it('lists unresolved complaints oldest first, by when they happened, and drops a resolved one', async () => {
    const ada = await create('ada');
    const bo = await create('bo');
    const now = api.table.clock.now().getTime();
    const late = (await touch(ada, { kind: 'COMPLAINT', occurredAt: new Date(now - 1 * DAY).toISOString() })).json.data.recordTouchpoint.touchpoint.id;
    const early = (await touch(bo, { kind: 'COMPLAINT', occurredAt: new Date(now - 5 * DAY).toISOString() })).json.data.recordTouchpoint.touchpoint.id;
    const middle = (await touch(ada, { kind: 'COMPLAINT', occurredAt: new Date(now - 3 * DAY).toISOString() })).json.data.recordTouchpoint.touchpoint.id;
    await touch(ada, { kind: 'SUPPORT_REQUEST' });

    const list = await readAll('openComplaints', '', 'id waitingDays resolvedAt');
    expect(list.ids).toEqual([early, middle, late]);
    expect(list.totalCount).toBe(3);
    const waiting = await api.graphql(`{ openComplaints { edges { node { waitingDays customer { id } } } } }`);
    expect(waiting.json.data.openComplaints.edges.map((e: { node: { waitingDays: number } }) => e.node.waitingDays)).toEqual([5, 3, 1]);

    api.table.clock.advanceDays(1);
    const resolved = await api.graphql(
      `mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id } } }`,
      { input: { customerId: ada, team: 'TRAINING', channel: 'PHONE', kind: 'SUPPORT_REQUEST', resolves: middle } },
      { role: 'training' },
    );
    expect(resolved.json.errors).toBeUndefined();
    expect((await readAll('openComplaints')).ids).toEqual([early, late]);
    const complaint = await api.graphql(
      `query($id: ID!) { customer(id: $id) { touchpoints(first: 10) { totalCount edges { node { id resolvedAt waitingDays resolvedBy { id } } } } } }`,
      { id: ada },
    );
    const closed = complaint.json.data.customer.touchpoints.edges.find((e: Edge) => e.node.id === middle).node;
    expect(closed).toMatchObject({ waitingDays: 4, resolvedBy: { id: resolved.json.data.recordTouchpoint.touchpoint.id } });
    expect(closed.resolvedAt).toBe(api.table.clock.now().toISOString());
    expect(complaint.json.data.customer.touchpoints.totalCount).toBe(4);
  });

  it('refuses to resolve anything but an open complaint of the same customer, writing nothing', async () => {
    const ada = await create('ada');
    const bo = await create('bo');
    const complaint = (await touch(ada, { kind: 'COMPLAINT' })).json.data.recordTouchpoint.touchpoint.id;
    const other = (await touch(bo, { kind: 'COMPLAINT' })).json.data.recordTouchpoint.touchpoint.id;
    const request = (await touch(ada, { kind: 'SUPPORT_REQUEST' })).json.data.recordTouchpoint.touchpoint.id;
    expect((await touch(ada, { resolves: complaint })).json.errors).toBeUndefined();
    const count = async () =>
      (await api.graphql(`query($id: ID!) { customer(id: $id) { touchpoints { totalCount } } }`, { id: ada })).json.data.customer.touchpoints.totalCount;
    const before = await count();
    for (const [resolves, code] of [
      [complaint, 'CONFLICT'],
      ['tp_0000000000000_nope', 'BAD_USER_INPUT'],
      [other, 'BAD_USER_INPUT'],
      [request, 'BAD_USER_INPUT'],
    ]) {
      const response = await touch(ada, { resolves });
      expect(response.json.errors[0].extensions).toMatchObject({ code, field: 'input.resolves' });
    }
    expect(await count()).toBe(before);
    expect((await readAll('openComplaints')).ids).toEqual([other]);
  });
});

describe('unthankedCustomers', () => {
  async function loyal(name: string) {
    const id = await create(name);
    await move(id, 'ONBOARDING', 'ACTIVE', 'LOYAL');
    api.table.clock.advanceDays(1);
    return id;
  }
  const thank = (id: string, daysAgo: number) =>
    touch(id, { team: 'MARKETING', kind: 'GRATITUDE', occurredAt: new Date(api.table.clock.now().getTime() - daysAgo * DAY).toISOString() });

  it('lists the never thanked first, longest-standing first, then the least recently thanked; thanks remove them', async () => {
    const old = await loyal('never-old');
    const young = await loyal('never-young');
    const stale = await loyal('thanked-200-days-ago');
    const recent = await loyal('thanked-10-days-ago');
    api.table.clock.advanceDays(300);
    expect((await thank(stale, 200)).json.errors).toBeUndefined();
    await thank(recent, 10);
    const list = await readAll('unthankedCustomers', '', 'id name customerSince lastThankedAt');
    expect(list.names).toEqual(['never-old', 'never-young', 'thanked-200-days-ago']);
    expect(list.totalCount).toBe(3);

    // A backdated thank-you older than 180 days does not count as recent.
    await thank(old, 181);
    expect((await readAll('unthankedCustomers')).names).toEqual(['never-young', 'thanked-200-days-ago', 'never-old']);
    await thank(old, 0);
    expect((await readAll('unthankedCustomers')).names).toEqual(['never-young', 'thanked-200-days-ago']);

    // Leaving LOYAL leaves the list; an ADVOCATE is in it.
    await move(young, 'AT_RISK');
    await move(recent, 'ADVOCATE');
    expect((await readAll('unthankedCustomers')).names).toEqual(['thanked-200-days-ago']);
    expect((await readAll('unthankedCustomers', 'sinceDays: 5')).names).toEqual(['thanked-200-days-ago', 'thanked-10-days-ago']);
  });

  it('is exact at the sinceDays boundary', async () => {
    const id = await loyal('edge');
    await thank(id, 180);
    expect((await readAll('unthankedCustomers')).names).toEqual([]);
    api.table.clock.advance(1);
    expect((await readAll('unthankedCustomers')).names).toEqual(['edge']);
    const read = await api.graphql(`query($id: ID!) { customer(id: $id) { customerSince lastThankedAt } }`, { id });
    expect(read.json.data.customer.customerSince).not.toBeNull();
  });

  it('refuses a sinceDays below 1', async () => {
    const response = await api.graphql(`{ unthankedCustomers(sinceDays: 0) { totalCount } }`);
    expect(response.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sinceDays' });
  });
});

describe('winBackCandidates', () => {
  it('lists churned customers by lifetime revenue, re-sorts on revenue, and drops one won back', async () => {
    const revenue: Record<string, number> = { small: 50, large: 500, middle: 100 };
    const ids: Record<string, string> = {};
    for (const [name, amount] of Object.entries(revenue)) {
      const id = await create(name);
      ids[name] = id;
      await touch(id, { team: 'MARKETING', kind: 'PURCHASE', revenue: amount });
      await move(id, 'ACTIVE', 'CHURNED');
    }
    // Lifetime revenue is added by the stream projector: let it catch up.
    await api.table.project();
    const list = await readAll('winBackCandidates', '', 'id name lifetimeRevenue churnReason lastTransition { to { key } reason }');
    expect(list.names).toEqual(['large', 'middle', 'small']);
    expect(list.totalCount).toBe(3);
    const detail = await api.graphql(`{ winBackCandidates(first: 1) { edges { node { lifetimeRevenue churnReason lastTransition { to { key } reason } } } } }`);
    expect(detail.json.data.winBackCandidates.edges[0].node).toEqual({
      lifetimeRevenue: 500,
      churnReason: 'Went to a competitor',
      lastTransition: { to: { key: 'CHURNED' }, reason: 'Went to a competitor' },
    });

    await touch(ids['small'] as string, { team: 'MARKETING', kind: 'RENEWAL', revenue: 1000 });
    await api.table.project();
    expect((await readAll('winBackCandidates')).names).toEqual(['small', 'large', 'middle']);

    await move(ids['large'] as string, 'PROSPECT');
    expect((await readAll('winBackCandidates')).names).toEqual(['small', 'middle']);
    const wonBack = await api.graphql(`query($id: ID!) { customer(id: $id) { churnReason lifetimeRevenue } }`, { id: ids['large'] });
    expect(wonBack.json.data.customer).toEqual({ churnReason: null, lifetimeRevenue: 500 });
  });

  it.each(['atRiskCustomers', 'openComplaints', 'unthankedCustomers', 'winBackCandidates'])('%s refuses first over 100', async (field) => {
    const response = await api.graphql(`{ ${field}(first: 101) { totalCount } }`);
    expect(response.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('every role may read the lists; the viewer sees no email', async () => {
    const id = await create('reader');
    await api.graphql(`mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ONBOARDING", team: MARKETING }) { customer { id } } }`, { id });
    api.table.clock.advance(1);
    for (const role of ['viewer', 'marketing', 'training', 'operations', 'admin'] as const) {
      const response = await api.graphql(`{ staleCustomers(stage: "ONBOARDING", olderThanDays: 0) { edges { node { id email } } } }`, {}, { role });
      expect(response.json.errors).toBeUndefined();
      expect(response.json.data.staleCustomers.edges).toHaveLength(1);
    }
  });
});

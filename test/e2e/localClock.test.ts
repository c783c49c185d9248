import { startApi } from '../support/api';
import { startLocalApi, type LocalTestApi } from '../support/localApi';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let api: LocalTestApi;
beforeEach(async () => {
  api = await startLocalApi();
});

async function ok(query: string, variables?: Record<string, unknown>, role: 'admin' | 'viewer' | 'operations' = 'admin') {
  const response = await api.graphql(query, variables, { role });
  expect(response.json.errors).toBeUndefined();
  return response.json.data;
}

const advance = (days: number, hours = 0) => ok(`mutation { advanceLocalClock(days: ${days}, hours: ${hours}) { now offsetMs } }`);
const clockNow = async () => Date.parse((await ok('{ localClock { now } }')).localClock.now);

async function create(name: string): Promise<string> {
  const data = await ok(`mutation($x: String!) { createCustomer(input: { externalId: $x, name: $x }) { customer { id } } }`, { x: name });
  return data.createCustomer.customer.id;
}

async function move(id: string, ...stages: string[]) {
  for (const to of stages) {
    await ok(`mutation($id: ID!, $to: ID!) { advanceCustomer(input: { customerId: $id, toStage: $to, team: OPERATIONS }) { customer { id } } }`, { id, to });
  }
}

async function touch(id: string, input: Record<string, unknown>) {
  return ok(`mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id occurredAt recordedAt } } }`, {
    input: { customerId: id, team: 'OPERATIONS', channel: 'PHONE', kind: 'SUPPORT_REQUEST', ...input },
  });
}

async function listed(field: string, args: string): Promise<string[]> {
  const data = await ok(`{ ${field}(${args}) { edges { node { id } } } }`);
  return data[field].edges.map((edge: { node: { id: string } }) => edge.node.id);
}

describe('the movable local clock', () => {
  it('moves for every later request: set, advanced by days and hours, reset to the machine clock', async () => {
    const machine = api.table.clock.now().getTime();
    expect(await clockNow()).toBe(machine);

    const set = await ok('mutation { setLocalClock(now: "2027-03-01T12:00:00+01:00") { now offsetMs } }');
    expect(set.setLocalClock.now).toBe('2027-03-01T11:00:00.000Z');
    expect(await clockNow()).toBe(Date.parse('2027-03-01T11:00:00.000Z'));
    // It keeps running from where it was set, with the machine's clock.
    api.table.clock.advance(5_000);
    expect(await clockNow()).toBe(Date.parse('2027-03-01T11:00:05.000Z'));

    await advance(2, 3);
    expect(await clockNow()).toBe(Date.parse('2027-03-03T14:00:05.000Z'));

    const reset = await ok('mutation { resetLocalClock { now offsetMs } }');
    expect(reset.resetLocalClock.offsetMs).toBe(0);
    expect(await clockNow()).toBe(machine + 5_000);
  });

  it('makes a customer moved to ONBOARDING stale after advanceLocalClock(days: 31), not before 30 days', async () => {
    const id = await create('Olga');
    await touch(id, { team: 'MARKETING', channel: 'WEB', kind: 'PURCHASE', revenue: 100 });
    expect(await listed('staleCustomers', 'stage: "ONBOARDING"')).toEqual([]);
    await advance(29);
    expect(await listed('staleCustomers', 'stage: "ONBOARDING"')).toEqual([]);
    await api.graphql('mutation { resetLocalClock { now } }');
    await advance(31);
    expect(await listed('staleCustomers', 'stage: "ONBOARDING"')).toEqual([id]);
  });

  it('shows a loyal customer in unthankedCustomers(sinceDays: 180) after 181 days without thanks', async () => {
    const id = await create('Luis');
    await move(id, 'ONBOARDING', 'ACTIVE', 'LOYAL');
    await touch(id, { team: 'MARKETING', channel: 'EMAIL', kind: 'GRATITUDE', note: 'Thank-you card' });
    expect(await listed('unthankedCustomers', 'sinceDays: 180')).toEqual([]);
    await advance(179);
    expect(await listed('unthankedCustomers', 'sinceDays: 180')).toEqual([]);
    await advance(2);
    expect(await listed('unthankedCustomers', 'sinceDays: 180')).toEqual([id]);
  });

  it('expires an idempotency key after 24 hours: reused with other input it conflicts before, and is new after', async () => {
    const id = await create('Ida');
    const send = (note: string) =>
      api.graphql(
        `mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id note } } }`,
        { input: { customerId: id, team: 'OPERATIONS', channel: 'PHONE', kind: 'SUPPORT_REQUEST', note, idempotencyKey: 'key-1' } },
      );
    const first = await send('first');
    expect(first.json.data.recordTouchpoint.touchpoint.note).toBe('first');
    await advance(0, 23);
    expect((await send('second')).json.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await advance(0, 2);
    const later = await send('second');
    expect(later.json.errors).toBeUndefined();
    expect(later.json.data.recordTouchpoint.touchpoint.id).not.toBe(first.json.data.recordTouchpoint.touchpoint.id);
  });

  it('dates new records, waitingDays and the default insights window by the moved clock', async () => {
    const id = await create('Cora');
    await advance(10);
    const moved = new Date(await clockNow());
    const { recordTouchpoint } = await touch(id, { kind: 'COMPLAINT', note: 'Late' });
    expect(recordTouchpoint.touchpoint.occurredAt).toBe(moved.toISOString());
    expect(recordTouchpoint.touchpoint.recordedAt).toBe(moved.toISOString());

    await advance(7);
    const complaints = await ok('{ openComplaints { edges { node { waitingDays } } } }');
    expect(complaints.openComplaints.edges[0].node.waitingDays).toBeCloseTo(7, 5);

    const insights = await ok('{ insights { from to } }');
    expect(Date.parse(insights.insights.to)).toBeGreaterThanOrEqual(moved.getTime() + 7 * DAY);
    expect(Date.parse(insights.insights.from)).toBeGreaterThan(moved.getTime() - 90 * DAY);
  });

  it('refuses bad input naming the field, and moves nothing', async () => {
    const refusals: [string, string][] = [
      ['mutation { advanceLocalClock { now } }', 'days'],
      ['mutation { advanceLocalClock(days: -1) { now } }', 'days'],
      ['mutation { advanceLocalClock(days: 1, hours: -2) { now } }', 'hours'],
      ['mutation { advanceLocalClock(days: 3000000) { now } }', 'days'],
      ['mutation { setLocalClock(now: "1999-12-31T23:59:59Z") { now } }', 'now'],
    ];
    for (const [query, field] of refusals) {
      const response = await api.graphql(query);
      expect(response.json.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await clockNow()).toBe(api.table.clock.now().getTime());
  });

  it('is for admins: other roles are FORBIDDEN and the clock stays', async () => {
    for (const query of ['mutation { advanceLocalClock(days: 1) { now } }', 'mutation { setLocalClock(now: "2030-01-01T00:00:00Z") { now } }', 'mutation { resetLocalData { clock { now } } }']) {
      const response = await api.graphql(query, undefined, { role: 'operations' });
      expect(response.json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await clockNow()).toBe(api.table.clock.now().getTime());
  });
});

describe('a deployed stage', () => {
  it('has none of the local fields in its schema, and refuses them as unknown', async () => {
    const deployed = await startApi();
    const { data } = (await deployed.graphql('{ __schema { queryType { fields { name } } mutationType { fields { name } } types { name } } }')).json;
    const names = [
      ...data.__schema.queryType.fields.map((field: { name: string }) => field.name),
      ...data.__schema.mutationType.fields.map((field: { name: string }) => field.name),
      ...data.__schema.types.map((type: { name: string }) => type.name),
    ];
    for (const local of ['localClock', 'resetLocalData', 'setLocalClock', 'advanceLocalClock', 'resetLocalClock', 'LocalClock', 'LocalDataReset']) {
      expect(names).not.toContain(local);
    }
    const refused = await deployed.graphql('mutation { advanceLocalClock(days: 1) { now } }');
    expect(refused.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('ignores a clock item in its table: its time is the machine clock', async () => {
    const deployed = await startApi();
    const { LocalClockStore } = await import('../../src/store/localClock');
    await new LocalClockStore(deployed.table.client, deployed.table.tableName).move(400 * DAY);
    const { data } = (await deployed.graphql('{ insights { to } }')).json;
    expect(Date.parse(data.insights.to)).toBeLessThan(deployed.table.clock.now().getTime() + DAY);
  });
});

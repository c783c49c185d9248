import { startApi, type TestApi } from '../support/api';

/**
 * Every list's cursors answer only that list, with the same map (or customer) and arguments: a cursor carried to
 * another list, to other arguments, or altered, is BAD_USER_INPUT on `after`, and never reaches DynamoDB.
 */
let api: TestApi;
let first: string;
let second: string;

async function create(name: string): Promise<string> {
  const response = await api.graphql(`mutation($x: String!) { createCustomer(input: { externalId: $x, name: $x }) { customer { id } } }`, { x: name });
  return response.json.data.createCustomer.customer.id;
}

async function move(id: string, ...stages: string[]) {
  for (const toStage of stages) {
    const response = await api.graphql(
      `mutation($id: ID!, $to: ID!, $reason: String) { advanceCustomer(input: { customerId: $id, toStage: $to, team: OPERATIONS, reason: $reason }) { customer { id } } }`,
      { id, to: toStage, reason: toStage === 'CHURNED' ? 'Moved away' : null },
    );
    expect(response.json.errors).toBeUndefined();
  }
}

async function complain(id: string) {
  const response = await api.graphql(
    `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: OPERATIONS, channel: PHONE, kind: COMPLAINT }) { touchpoint { id } } }`,
    { id },
  );
  expect(response.json.errors).toBeUndefined();
}

beforeAll(async () => {
  api = await startApi();
  for (let i = 0; i < 2; i++) {
    await move(await create(`onboarding-${i}`), 'ONBOARDING');
    await move(await create(`loyal-${i}`), 'ONBOARDING', 'ACTIVE', 'LOYAL');
    await move(await create(`at-risk-${i}`), 'ONBOARDING', 'AT_RISK');
    await move(await create(`churned-${i}`), 'ONBOARDING', 'AT_RISK', 'CHURNED');
  }
  first = await create('complainer-1');
  second = await create('complainer-2');
  for (const id of [first, first, second, second]) await complain(id);
  api.table.clock.advanceDays(2);
});

/** Each list, read one item a page so that every page has a cursor. */
const LISTS: Record<string, (after: string) => { query: string; variables: Record<string, unknown>; connection: (data: never) => unknown }> = {
  customers: (after) => ({ query: 'query($a: String) { c: customers(first: 1, after: $a) { edges { cursor } } }', variables: { a: after }, connection: (d: { c: unknown }) => d.c }),
  'customers of ONBOARDING': (after) => ({
    query: 'query($a: String) { c: customers(stage: "ONBOARDING", first: 1, after: $a) { edges { cursor } } }',
    variables: { a: after },
    connection: (d: { c: unknown }) => d.c,
  }),
  'customers of LOYAL': (after) => ({
    query: 'query($a: String) { c: customers(stage: "LOYAL", first: 1, after: $a) { edges { cursor } } }',
    variables: { a: after },
    connection: (d: { c: unknown }) => d.c,
  }),
  atRiskCustomers: (after) => ({ query: 'query($a: String) { c: atRiskCustomers(first: 1, after: $a) { edges { cursor } } }', variables: { a: after }, connection: (d: { c: unknown }) => d.c }),
  'staleCustomers olderThanDays 0': (after) => ({
    query: 'query($a: String) { c: staleCustomers(stage: "ONBOARDING", olderThanDays: 0, first: 1, after: $a) { edges { cursor } } }',
    variables: { a: after },
    connection: (d: { c: unknown }) => d.c,
  }),
  'staleCustomers olderThanDays 1': (after) => ({
    query: 'query($a: String) { c: staleCustomers(stage: "ONBOARDING", olderThanDays: 1, first: 1, after: $a) { edges { cursor } } }',
    variables: { a: after },
    connection: (d: { c: unknown }) => d.c,
  }),
  openComplaints: (after) => ({ query: 'query($a: String) { c: openComplaints(first: 1, after: $a) { edges { cursor } } }', variables: { a: after }, connection: (d: { c: unknown }) => d.c }),
  unthankedCustomers: (after) => ({ query: 'query($a: String) { c: unthankedCustomers(first: 1, after: $a) { edges { cursor } } }', variables: { a: after }, connection: (d: { c: unknown }) => d.c }),
  'unthankedCustomers sinceDays 30': (after) => ({
    query: 'query($a: String) { c: unthankedCustomers(sinceDays: 30, first: 1, after: $a) { edges { cursor } } }',
    variables: { a: after },
    connection: (d: { c: unknown }) => d.c,
  }),
  winBackCandidates: (after) => ({ query: 'query($a: String) { c: winBackCandidates(first: 1, after: $a) { edges { cursor } } }', variables: { a: after }, connection: (d: { c: unknown }) => d.c }),
  "a customer's touchpoints": (after) => ({
    query: 'query($id: ID!, $a: String) { customer(id: $id) { c: touchpoints(first: 1, after: $a) { edges { cursor } } } }',
    variables: { id: first, a: after },
    connection: (d: { customer: { c: unknown } }) => d.customer.c,
  }),
  "a customer's OPERATIONS touchpoints": (after) => ({
    query: 'query($id: ID!, $a: String) { customer(id: $id) { c: touchpoints(first: 1, after: $a, team: OPERATIONS) { edges { cursor } } } }',
    variables: { id: first, a: after },
    connection: (d: { customer: { c: unknown } }) => d.customer.c,
  }),
  "another customer's touchpoints": (after) => ({
    query: 'query($id: ID!, $a: String) { customer(id: $id) { c: touchpoints(first: 1, after: $a) { edges { cursor } } } }',
    variables: { id: second, a: after },
    connection: (d: { customer: { c: unknown } }) => d.customer.c,
  }),
};
const NAMES = Object.keys(LISTS);

async function read(list: string, after: string | null) {
  const request = (LISTS[list] as (after: string | null) => ReturnType<(typeof LISTS)[string]>)(after);
  const response = await api.graphql(request.query, request.variables);
  // A refused page nulls its connection and, for touchpoints, the customer above it.
  const connectionOf = request.connection as (data: unknown) => { edges: { cursor: string }[] } | null;
  return { response, connection: response.json.data?.customer === null ? null : response.json.data ? connectionOf(response.json.data) : null };
}

const cursors = new Map<string, string>();
beforeAll(async () => {
  for (const list of NAMES) {
    const { connection } = await read(list, null);
    const cursor = connection?.edges[0]?.cursor;
    if (!cursor) throw new Error(`${list} has no first page to take a cursor from`);
    cursors.set(list, cursor);
  }
});

describe('cursors', () => {
  it.each(NAMES)('of %s read its next page', async (list) => {
    const { response, connection } = await read(list, cursors.get(list) as string);
    expect(response.json.errors).toBeUndefined();
    expect(connection?.edges).toHaveLength(1);
    expect(connection?.edges[0]?.cursor).not.toBe(cursors.get(list));
  });

  const foreign = NAMES.flatMap((list) => NAMES.filter((other) => other !== list).map((other) => [list, other] as const));
  it.each(foreign)('of %s are BAD_USER_INPUT on after in %s', async (origin, list) => {
    const { response } = await read(list, cursors.get(origin) as string);
    expect(response.status).toBe(200);
    expect(response.json.errors).toHaveLength(1);
    expect(response.json.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it.each(NAMES)('of %s are BAD_USER_INPUT when altered in any way', async (list) => {
    const cursor = cursors.get(list) as string;
    const [position, mac] = [cursor.slice(0, cursor.lastIndexOf('.')), cursor.slice(cursor.lastIndexOf('.') + 1)];
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    for (const altered of [flip(cursor, 0), flip(cursor, cursor.length - 2), position, `${position}.`, mac, 'e30', '']) {
      const { response } = await read(list, altered);
      expect(response.json.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });
});

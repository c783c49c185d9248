import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { externalIdKey } from '../../src/store/keys';
import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});

const CUSTOMER_FIELDS = 'id externalId name email version profileVersion erasedAt stage { key }';

async function create(externalId: string, name = 'Ada Lovelace', email: string | null = 'ada@example.com'): Promise<string> {
  const response = await api.graphql(
    `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`,
    { input: { externalId, name, email } },
    { role: 'marketing' },
  );
  expect(response.json.errors).toBeUndefined();
  return response.json.data.createCustomer.customer.id;
}

const update = (input: Record<string, unknown>, role: 'marketing' | 'admin' | 'viewer' | 'training' | 'operations' = 'marketing') =>
  api.graphql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { ${CUSTOMER_FIELDS} } } }`, { input }, { role });

const erase = (customerId: string, reason = 'Asked by the customer to be forgotten', role: 'admin' | 'marketing' = 'admin') =>
  api.graphql(
    `mutation($id: ID!, $reason: String!) { eraseCustomer(customerId: $id, reason: $reason) { erasure { customerId erasedAt erasedBy reason } customer { ${CUSTOMER_FIELDS} } } }`,
    { id: customerId, reason },
    { role },
  );

const read = async (id: string, role: 'admin' | 'viewer' = 'admin') =>
  (await api.graphql(`query($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`, { id }, { role })).json.data.customer;

const claimOf = async (externalId: string) =>
  (await api.table.client.send(new GetCommand({ TableName: api.table.tableName, Key: externalIdKey('default', externalId) }))).Item;

/** Every item of the customer's partition, as stored. */
const partition = async (id: string) =>
  (
    await api.table.client.send(
      new QueryCommand({ TableName: api.table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CUSTOMER#${id}` } }),
    )
  ).Items ?? [];

const codeAndField = (response: Awaited<ReturnType<TestApi['graphql']>>) => response.json.errors?.[0]?.extensions;

async function touch(id: string, input: Record<string, unknown>) {
  const response = await api.graphql(
    `mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id } } }`,
    { input: { customerId: id, team: 'OPERATIONS', channel: 'PHONE', kind: 'SUPPORT_REQUEST', ...input } },
    { role: 'operations' },
  );
  expect(response.json.errors).toBeUndefined();
  return response.json.data.recordTouchpoint.touchpoint.id as string;
}

describe('updateCustomer', () => {
  it('corrects name, email and externalId without moving the customer, and frees the old externalId', async () => {
    const id = await create('crm-upd-1');
    const response = await update({ customerId: id, name: ' Ada King ', email: 'ADA.KING@example.com', externalId: 'crm-upd-1b', expectedVersion: 1 });
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.updateCustomer.customer).toMatchObject({
      name: 'Ada King',
      email: 'ada.king@example.com',
      externalId: 'crm-upd-1b',
      version: 1,
      profileVersion: 2,
      stage: { key: 'PROSPECT' },
    });
    expect(await read(id)).toMatchObject({ name: 'Ada King', externalId: 'crm-upd-1b', version: 1, profileVersion: 2 });
    expect(await claimOf('crm-upd-1')).toBeUndefined();
    expect((await claimOf('crm-upd-1b'))?.['customerId']).toBe(id);
    await create('crm-upd-1');
  });

  it('leaves out what is not given and removes the email on null', async () => {
    const id = await create('crm-upd-2');
    expect((await update({ customerId: id, name: 'Ada B' })).json.data.updateCustomer.customer).toMatchObject({ name: 'Ada B', email: 'ada@example.com' });
    expect((await update({ customerId: id, email: null })).json.data.updateCustomer.customer).toMatchObject({ name: 'Ada B', email: null, profileVersion: 3 });
    expect((await partition(id)).find((item) => item['sk'] === 'CUSTOMER')?.['email']).toBeUndefined();
  });

  it.each([
    ['an empty name', { name: '  ' }, 'BAD_USER_INPUT', 'input.name'],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'input.name'],
    ['a malformed email', { email: 'not-an-email' }, 'BAD_USER_INPUT', 'input.email'],
    ['an empty externalId', { externalId: '' }, 'BAD_USER_INPUT', 'input.externalId'],
    ['an externalId another customer holds', { externalId: 'crm-taken' }, 'CONFLICT', 'input.externalId'],
    ['a stale expectedVersion', { expectedVersion: 2 }, 'CONFLICT', 'input.expectedVersion'],
    ['an expectedVersion below 1', { expectedVersion: 0 }, 'BAD_USER_INPUT', 'input.expectedVersion'],
  ])('refuses %s, writing nothing', async (_, change, code, field) => {
    await claimOf('crm-taken').then(async (claim) => claim ?? create('crm-taken', 'Someone Else'));
    const id = await create(`crm-refused-${Object.keys(change)[0]}-${code}-${field}`.slice(0, 60) + Math.random().toString(36).slice(2, 6));
    const before = await partition(id);
    const response = await update({ customerId: id, name: 'Ada K', ...change });
    expect(codeAndField(response)).toEqual({ code, field });
    expect(await partition(id)).toEqual(before);
  });

  it('refuses an unknown customer with NOT_FOUND', async () => {
    expect(codeAndField(await update({ customerId: 'cus_none', name: 'X' }))).toEqual({ code: 'NOT_FOUND', field: 'input.customerId' });
  });

  it.each(['viewer', 'training', 'operations'] as const)('is FORBIDDEN to %s', async (role) => {
    const id = await create(`crm-role-${role}`);
    expect(codeAndField(await update({ customerId: id, name: 'X' }, role))?.['code']).toBe('FORBIDDEN');
    expect((await read(id)).name).toBe('Ada Lovelace');
  });

  it('is not refused by a move in between, nor refuses one: profileVersion and version are separate locks', async () => {
    const id = await create('crm-upd-locks');
    const moved = await api.graphql(
      `mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ONBOARDING", team: MARKETING, expectedVersion: 1 }) { customer { version } } }`,
      { id },
    );
    expect(moved.json.data.advanceCustomer.customer.version).toBe(2);
    const corrected = await update({ customerId: id, name: 'Ada K', expectedVersion: 1 });
    expect(corrected.json.data.updateCustomer.customer).toMatchObject({ version: 2, profileVersion: 2 });
    const movedAgain = await api.graphql(
      `mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ACTIVE", team: MARKETING, expectedVersion: 2 }) { customer { version name } } }`,
      { id },
    );
    expect(movedAgain.json.data.advanceCustomer.customer).toEqual({ version: 3, name: 'Ada K' });
  });
});

describe('eraseCustomer', () => {
  let id: string;
  let before: { stages: unknown; insights: unknown; journey: unknown; touchpoints: unknown };
  const NOTE = 'Ada mentioned her daughter Byron is ill';

  const snapshot = async () => {
    const stages = (await api.graphql('{ lifecycleMap { stages { key customerCount customers(first: 100) { totalCount edges { node { id } } } } } }')).json.data;
    const insights = (await api.graphql('{ insights { spend { acquisition retention revenue } transitions { count } } }')).json.data;
    const customer = (
      await api.graphql(
        `query($id: ID!) { customer(id: $id) { journey { at reason } touchpoints(first: 100) { totalCount edges { node { id kind occurredAt revenue cost score } } } } }`,
        { id },
      )
    ).json.data.customer;
    return { stages, insights, journey: customer.journey, touchpoints: customer.touchpoints };
  };

  beforeAll(async () => {
    id = await create('crm-erase-1', 'Ada Lovelace', 'ada.erase@example.com');
    await api.graphql(`mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ONBOARDING", team: MARKETING }) { customer { id } } }`, { id });
    await touch(id, { note: NOTE, cost: 12 });
    await touch(id, { note: 'Call back Ada at home', kind: 'FEEDBACK', score: 8 });
    await touch(id, { revenue: 40 });
    before = await snapshot();
  });

  it('is FORBIDDEN to anyone but admin, and then writes nothing', async () => {
    const items = await partition(id);
    expect(codeAndField(await erase(id, 'Asked', 'marketing'))?.['code']).toBe('FORBIDDEN');
    expect(await partition(id)).toEqual(items);
  });

  it('refuses an empty reason with BAD_USER_INPUT on reason, and an unknown customer with NOT_FOUND', async () => {
    expect(codeAndField(await erase(id, ' '))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(codeAndField(await erase('cus_none'))).toEqual({ code: 'NOT_FOUND', field: 'customerId' });
    expect((await read(id)).name).toBe('Ada Lovelace');
  });

  it('removes name, email, externalId claim and every note, records who, when and why, and keeps the facts exact', async () => {
    api.table.clock.advance(60_000);
    const response = await erase(id);
    expect(response.json.errors).toBeUndefined();
    const { erasure, customer } = response.json.data.eraseCustomer;
    expect(erasure).toEqual({ customerId: id, erasedAt: api.table.clock.now().toISOString(), erasedBy: 'sub-admin', reason: 'Asked by the customer to be forgotten' });
    expect(customer).toMatchObject({ name: '[erased]', externalId: '[erased]', email: null, erasedAt: erasure.erasedAt, stage: { key: 'ONBOARDING' }, version: 2 });

    const stored = JSON.stringify(await partition(id));
    for (const personal of ['Ada', 'Lovelace', 'ada.erase@example.com', 'crm-erase-1', 'daughter', 'Call back']) expect(stored).not.toContain(personal);
    expect(await claimOf('crm-erase-1')).toBeUndefined();
    const byOldId = await api.graphql('{ customerByExternalId(externalId: "crm-erase-1") { id } }');
    expect(byOldId.json).toEqual({ data: { customerByExternalId: null } });

    const notes = await api.graphql(`query($id: ID!) { customer(id: $id) { touchpoints(first: 100) { edges { node { note } } } } }`, { id });
    expect(notes.json.data.customer.touchpoints.edges.map((edge: { node: { note: string | null } }) => edge.node.note)).toEqual([null, null, null]);
    expect(await snapshot()).toEqual(before);
  });

  it('is idempotent: erasing again answers the first erasure and changes nothing', async () => {
    const items = await partition(id);
    api.table.clock.advance(60_000);
    const first = (await erase(id, 'Another reason')).json.data.eraseCustomer;
    expect(first.erasure.reason).toBe('Asked by the customer to be forgotten');
    expect(await partition(id)).toEqual(items);
  });

  it('frees the old externalId for a new customer and refuses corrections of the erased one', async () => {
    const newcomer = await create('crm-erase-1', 'Someone New');
    expect(newcomer).not.toBe(id);
    expect(codeAndField(await update({ customerId: id, name: 'Ada' }))).toEqual({ code: 'CONFLICT', field: 'input.customerId' });
    expect((await read(id)).name).toBe('[erased]');
  });
});

describe('notes', () => {
  it('are null for viewers, as emails are, and visible to the teams', async () => {
    const id = await create('crm-note-1');
    await touch(id, { note: 'Prefers calls after six' });
    const query = `query($id: ID!) { customer(id: $id) { email touchpoints { edges { node { note } } } } }`;
    const viewer = (await api.graphql(query, { id }, { role: 'viewer' })).json.data.customer;
    expect(viewer).toEqual({ email: null, touchpoints: { edges: [{ node: { note: null } }] } });
    const operations = (await api.graphql(query, { id }, { role: 'operations' })).json.data.customer;
    expect(operations.touchpoints.edges[0].node.note).toBe('Prefers calls after six');
  });
});

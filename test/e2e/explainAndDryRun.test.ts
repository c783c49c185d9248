import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeEach(async () => {
  api = await startApi();
});

async function create(externalId: string): Promise<string> {
  const response = await api.graphql(`mutation { createCustomer(input: { externalId: "${externalId}", name: "N" }) { customer { id } } }`);
  return response.json.data.createCustomer.customer.id;
}

/** Every item of a customer's partition: what a dry run must leave exactly as it was. */
async function partition(customerId: string) {
  const result = await api.table.client.send(
    new QueryCommand({ TableName: api.table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}` }, ConsistentRead: true }),
  );
  return result.Items ?? [];
}

const EXPLAIN = `query($id: ID!, $to: ID!) { explainMove(customerId: $id, toStage: $to) {
  allowed reasonRequired allowedStages { key } rulesThatCouldMove { id kind toStage { key } fromStages { key } reason } message } }`;

describe('explainMove', () => {
  it('says a prospect may move to ONBOARDING, and that a first purchase would move it there by rule', async () => {
    const id = await create('x1');
    const response = await api.graphql(EXPLAIN, { id, to: 'ONBOARDING' }, { role: 'viewer' });
    const explanation = response.json.data.explainMove;
    expect(explanation).toMatchObject({ allowed: true, reasonRequired: false, allowedStages: [{ key: 'ONBOARDING' }] });
    expect(explanation.rulesThatCouldMove).toEqual([
      expect.objectContaining({ kind: 'PURCHASE', toStage: { key: 'ONBOARDING' }, reason: 'First purchase' }),
    ]);
    expect(explanation.message).toMatch(/may move to ONBOARDING.*PURCHASE/);
  });

  it('says why a move is refused, naming the stages allowed, and when a reason is required', async () => {
    const id = await create('x2');
    const refused = (await api.graphql(EXPLAIN, { id, to: 'LOYAL' })).json.data.explainMove;
    expect(refused).toMatchObject({ allowed: false, allowedStages: [{ key: 'ONBOARDING' }], rulesThatCouldMove: [] });
    expect(refused.message).toBe('A customer in PROSPECT cannot move to LOYAL: the map allows ONBOARDING.');
    await api.graphql(`mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ONBOARDING", team: TRAINING }) { customer { id } } }`, { id });
    const churn = (await api.graphql(EXPLAIN, { id, to: 'CHURNED' })).json.data.explainMove;
    expect(churn).toMatchObject({ allowed: true, reasonRequired: true });
    const risk = (await api.graphql(EXPLAIN, { id, to: 'AT_RISK' })).json.data.explainMove;
    expect(risk.rulesThatCouldMove.map((rule: { id: string }) => rule.id)).toHaveLength(1);
    const unknown = await api.graphql(EXPLAIN, { id, to: 'NOWHERE' });
    expect(unknown.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toStage' });
  });

  it('lists the rules of a map with their stages and band', async () => {
    const response = await api.graphql(`{ lifecycleMap { rules { id kind band { key } fromStages { key } toStage { key } } } }`);
    expect(response.json.data.lifecycleMap.rules).toEqual([
      expect.objectContaining({ kind: 'PURCHASE', band: null, fromStages: [{ key: 'PROSPECT' }], toStage: { key: 'ONBOARDING' } }),
      expect.objectContaining({ kind: null, band: { key: 'ALARM' }, toStage: { key: 'AT_RISK' } }),
    ]);
  });
});

describe('dry runs', () => {
  it('plans a touchpoint and the move its rule would make, writing nothing, not even its idempotency key', async () => {
    const id = await create('d1');
    await api.table.project();
    const before = await partition(id);
    const input = { customerId: id, team: 'MARKETING', channel: 'WEB', kind: 'PURCHASE', revenue: 10, idempotencyKey: 'buy' };
    const dry = await api.graphql(
      `mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { kind } customer { stage { key } } transition { from { key } to { key } } } }`,
      { input: { ...input, dryRun: true } },
    );
    expect(dry.json.data.recordTouchpoint).toEqual({
      touchpoint: { kind: 'PURCHASE' },
      customer: { stage: { key: 'ONBOARDING' } },
      transition: { from: { key: 'PROSPECT' }, to: { key: 'ONBOARDING' } },
    });
    expect(await partition(id)).toEqual(before);
    // Nothing reached the stream either: no event, no counter.
    expect(await api.table.project()).toBe(0);
    // The key was not taken: the real write goes through and moves the customer.
    const real = await api.graphql(
      `mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { customer { version } transition { automatic rule { id reason } } } }`,
      { input },
    );
    expect(real.json.data.recordTouchpoint.customer.version).toBe(2);
    // The transition names the rule that made it.
    expect(real.json.data.recordTouchpoint.transition).toEqual({ automatic: true, rule: { id: expect.any(String), reason: 'First purchase' } });
  });

  it('plans a batch and a move with the same checks, refusals included, writing nothing', async () => {
    const id = await create('d2');
    const before = await partition(id);
    const batch = await api.graphql(
      `mutation($input: RecordTouchpointsInput!) { recordTouchpoints(input: $input) { recorded failed results { ok error { code field } } } }`,
      { input: { dryRun: true, items: [
        { customerId: id, team: 'OPERATIONS', channel: 'PHONE', kind: 'SUPPORT_REQUEST' },
        { customerId: id, team: 'OPERATIONS', channel: 'PHONE', kind: 'FEEDBACK', score: 0 },
      ] } },
    );
    expect(batch.json.data.recordTouchpoints).toMatchObject({ recorded: 1, failed: 1, results: [{ ok: true }, { ok: false, error: { code: 'BAD_USER_INPUT', field: 'input.items[1].score' } }] });
    const move = await api.graphql(
      `mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ONBOARDING", team: MARKETING, dryRun: true }) { customer { stage { key } version } transition { to { key } } } }`,
      { id },
    );
    expect(move.json.data.advanceCustomer).toEqual({ customer: { stage: { key: 'ONBOARDING' }, version: 2 }, transition: { to: { key: 'ONBOARDING' } } });
    const refused = await api.graphql(
      `mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "LOYAL", team: MARKETING, dryRun: true }) { customer { id } } }`,
      { id },
    );
    expect(refused.json.errors[0].extensions).toMatchObject({ code: 'INVALID_MOVE', allowed: ['ONBOARDING'] });
    expect(await partition(id)).toEqual(before);
    const itemFlag = await api.graphql(
      `mutation($input: RecordTouchpointsInput!) { recordTouchpoints(input: $input) { recorded } }`,
      { input: { items: [{ customerId: id, team: 'OPERATIONS', channel: 'PHONE', kind: 'SUPPORT_REQUEST', dryRun: true }] } },
    );
    expect(itemFlag.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.items[0].dryRun' });
  });
});

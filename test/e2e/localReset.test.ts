import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSnapshotFile } from '../../src/app/local/snapshotFile';
import { resetWrites, scanTable } from '../../src/store/localTable';
import { parseFixture } from '../../scripts/lib/fixture';
import { startLocalApi, type LocalTestApi } from '../support/localApi';

const fixture = parseFixture(JSON.parse(readFileSync(join(__dirname, '../fixtures/consumer.json'), 'utf8')));
let api: LocalTestApi;
beforeEach(async () => {
  api = await startLocalApi(fixture);
});

async function ok(query: string, variables?: Record<string, unknown>) {
  const response = await api.graphql(query, variables);
  expect(response.json.errors).toBeUndefined();
  return response.json.data;
}

/** What it would take to turn the table back into the start snapshot: nothing, when it is the start state. */
async function differenceFromStart() {
  const snapshotFile = api.config.localEmulation?.snapshotFile as string;
  return resetWrites(await scanTable(api.table.client, api.table.tableName), (await readSnapshotFile(snapshotFile)).items);
}

describe('resetLocalData', () => {
  it('puts the table back to the start state: later customers, touchpoints, moves and the moved clock are gone', async () => {
    const [olga] = api.seededIds;
    await ok(`mutation { createCustomer(input: { externalId: "new-1", name: "Newcomer" }) { customer { id } } }`);
    await ok(`mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: OPERATIONS, channel: PHONE, kind: FEEDBACK, score: 2 }) { customer { stage { key } } } }`, { id: olga });
    await ok('mutation { advanceLocalClock(days: 40) { now } }');
    expect((await differenceFromStart()).length).toBeGreaterThan(5);

    const { resetLocalData } = await ok('mutation { resetLocalData { customers { id externalId stage { key } } clock { offsetMs } } }');
    expect(resetLocalData.customers).toEqual([
      { id: api.seededIds[0], externalId: 'crm-onboarding', stage: { key: 'ONBOARDING' } },
      { id: api.seededIds[1], externalId: 'crm-loyal', stage: { key: 'LOYAL' } },
      { id: api.seededIds[2], externalId: 'crm-complaint', stage: { key: 'ONBOARDING' } },
    ]);
    expect(resetLocalData.clock.offsetMs).toBe(0);
    expect(await differenceFromStart()).toEqual([]);
    const after = await ok('{ customers(first: 10) { totalCount edges { node { externalId } } } localClock { offsetMs } }');
    expect(after.customers.edges.map((edge: { node: { externalId: string } }) => edge.node.externalId).sort()).toEqual(['crm-complaint', 'crm-loyal', 'crm-onboarding']);
    expect(after.customers.totalCount).toBe(3);
    expect(after.localClock.offsetMs).toBe(0);
  });

  it('lets the same external ids and idempotency keys be used again after a reset', async () => {
    const create = `mutation { createCustomer(input: { externalId: "crm-9", name: "Nine", idempotencyKey: "k-9" }) { customer { id name } } }`;
    await ok(create);
    await ok('mutation { resetLocalData { clock { now } } }');
    const again = await api.graphql(create.replace('"Nine"', '"Nine again"'));
    expect(again.json.errors).toBeUndefined();
    expect(again.json.data.createCustomer.customer.name).toBe('Nine again');
  });
});

import { COUNTER_SHARDS } from '../../src/store/keys';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { startApi, type TestApi } from '../support/api';
import { noteSdkCommands } from '../support/sdkCommands';

const commands = noteSdkCommands();
let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => commands.restore());

/** How many keys each BatchGet of one request asked for. */
async function batchGetsOf(query: string): Promise<number[]> {
  commands.sent.length = 0;
  const response = await api.graphql(query);
  expect(response.json.errors).toBeUndefined();
  return commands.sent
    .filter(({ name }) => name === 'BatchGet')
    .map(({ input }) =>
      Object.values(input['RequestItems'] as Record<string, { Keys: unknown[] }>).reduce((sum, table) => sum + table.Keys.length, 0),
    );
}

describe('what the counts cost', () => {
  it("reads a list's totalCount from its own stage's counter shards only", async () => {
    expect(await batchGetsOf('{ atRiskCustomers { totalCount } }')).toEqual([COUNTER_SHARDS]);
    expect(await batchGetsOf('{ winBackCandidates { totalCount } }')).toEqual([COUNTER_SHARDS]);
    expect(await batchGetsOf('{ customers(stage: "ACTIVE") { totalCount } }')).toEqual([COUNTER_SHARDS]);
  });

  it("reads every stage's counts of the map in one request", async () => {
    expect(await batchGetsOf('{ lifecycleMap { stages { customerCount } } }')).toEqual([
      DEFAULT_MAP.stages.length * COUNTER_SHARDS,
    ]);
  });

  it('reads each count once however many connections of the request ask for it', async () => {
    const keys = await batchGetsOf(
      '{ atRiskCustomers { totalCount } lifecycleMap { stages { customerCount customers { totalCount } } } }',
    );
    expect(keys.reduce((sum, n) => sum + n, 0)).toBe(DEFAULT_MAP.stages.length * COUNTER_SHARDS);
  });
});

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { COUNTER_SHARDS } from '../../src/store/keys';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { startApi, type TestApi } from '../support/api';

// Every request the handler sends goes through the SDK's shared Client.send: the keys of each BatchGet are noted.
const smithyClient = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => unknown };
const originalSend = smithyClient.send;
let batchGetKeys: number[] = [];

let api: TestApi;
beforeAll(async () => {
  smithyClient.send = function noting(this: unknown, command: { constructor: { name: string }; input: unknown }, ...rest: unknown[]) {
    if (command.constructor.name === 'BatchGetCommand') {
      const requested = (command.input as { RequestItems: Record<string, { Keys: unknown[] }> }).RequestItems;
      batchGetKeys.push(Object.values(requested).reduce((sum, table) => sum + table.Keys.length, 0));
    }
    return originalSend.call(this, command, ...rest);
  } as typeof smithyClient.send;
  api = await startApi();
});
afterAll(() => {
  smithyClient.send = originalSend;
});

async function batchGetsOf(query: string): Promise<number[]> {
  batchGetKeys = [];
  const response = await api.graphql(query);
  expect(response.json.errors).toBeUndefined();
  return batchGetKeys;
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

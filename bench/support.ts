import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { freePort, startDynamoDbLocal, type RunningDynamoDbLocal } from '../scripts/lib/dynamodbLocal';
import { ensureLocalKeys, signLocalToken } from '../scripts/lib/localKeys';
import { ensureTable } from '../scripts/lib/table';
import { loadConfig } from '../src/config';
import { createHandler } from '../src/handler';
import { createDocumentClient } from '../src/store/client';
import type { Item } from '../src/store/items';
import { httpApiEvent } from '../test/support/api';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

/** Counts every request the AWS SDK sends, by operation: the benchmark's measure of read cost. */
export const requestCounts = new Map<string, number>();
// Both DynamoDBClient and lib-dynamodb's document client send through the shared smithy Client.send.
const smithyClient = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => unknown };
const originalSend = smithyClient.send;
smithyClient.send = function countingSend(this: unknown, command: { constructor: { name: string } }, ...rest: unknown[]) {
  const name = command.constructor.name.replace(/Command$/, '');
  requestCounts.set(name, (requestCounts.get(name) ?? 0) + 1);
  return originalSend.call(this, command, ...rest);
} as typeof smithyClient.send;

export function totalRequests(): number {
  return [...requestCounts.values()].reduce((a, b) => a + b, 0);
}

export interface BenchStack {
  dynamodb: RunningDynamoDbLocal;
  client: DynamoDBDocumentClient;
  tableName: string;
  graphql: (query: string, variables?: Record<string, unknown>) => Promise<{ status: number; json: { data?: unknown; errors?: unknown[] } }>;
  stop: () => Promise<void>;
}

/** DynamoDB Local in memory on a free port, the table, and the real handler with an admin token. */
export async function startBenchStack(
  now: () => Date,
  options: { configureClient?: (client: DynamoDBDocumentClient) => void; env?: Record<string, string> } = {},
): Promise<BenchStack> {
  const dynamodb = await startDynamoDbLocal({ port: await freePort() });
  const client = createDocumentClient({ region: 'us-east-1', endpoint: dynamodb.endpoint });
  const tableName = 'bench';
  await ensureTable(client, tableName);
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'bench-keys-')));
  const config = loadConfig({
    STAGE: 'local',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    LOCAL_JWKS_FILE: keys.jwksFile,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const handler = createHandler(config, { clock: now, metricsDestination: () => undefined, ...options });
  const token = await signLocalToken(keys.privateJwk, { sub: 'bench', groups: ['admin'] });
  let n = 0;
  return {
    dynamodb,
    client,
    tableName,
    graphql: async (query, variables) => {
      const event = httpApiEvent(JSON.stringify({ query, variables }), { headers: { authorization: `Bearer ${token}` } });
      const result = (await handler(event, { awsRequestId: `bench-${++n}` } as Context, () => undefined)) as APIGatewayProxyStructuredResultV2;
      return { status: result.statusCode ?? 0, json: JSON.parse(result.body ?? '{}') };
    },
    stop: async () => {
      client.destroy();
      await dynamodb.stop();
    },
  };
}

/** Writes items 25 at a time, 8 batches in flight, retrying what DynamoDB leaves unprocessed. */
export async function bulkWrite(client: DynamoDBDocumentClient, tableName: string, items: Item[]): Promise<void> {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as Item[];
      let pending: Record<string, { PutRequest: { Item: Item } }[]> | undefined = {
        [tableName]: batch.map((item) => ({ PutRequest: { Item: item } })),
      };
      while (pending && Object.keys(pending).length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: pending }));
        pending = result.UnprocessedItems as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

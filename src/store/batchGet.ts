import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleep, timeLeftFor } from './deadline';
import type { Item } from './items';
import type { TableKey } from './keys';
import { unavailable } from './throttling';

/** BatchGetItem's limit of keys per request. */
export const BATCH_GET_KEYS = 100;

/** Reads keys 100 at a time, the batches side by side, retrying unprocessed keys. */
export async function batchGet(client: DynamoDBDocumentClient, tableName: string, keys: TableKey[], consistent = false): Promise<Item[]> {
  const batches: TableKey[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) batches.push(keys.slice(i, i + BATCH_GET_KEYS));
  const results = await Promise.all(batches.map((batch) => batchGetOne(client, tableName, batch, consistent)));
  return results.flat();
}

/** Unprocessed keys (DynamoDB's way of shedding load) are asked again with growing pauses until the deadline. */
async function batchGetOne(client: DynamoDBDocumentClient, tableName: string, keys: TableKey[], consistent: boolean): Promise<Item[]> {
  const items: Item[] = [];
  let pending: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
    [tableName]: { Keys: keys as unknown as Record<string, unknown>[], ConsistentRead: consistent },
  };
  for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
    if (attempt > 0) {
      const pause = Math.random() * Math.min(1000, 25 * 2 ** attempt);
      if (!timeLeftFor(pause + 200)) throw unavailable();
      await sleep(pause);
    }
    const result = await client.send(new BatchGetCommand({ RequestItems: pending }));
    items.push(...(result.Responses?.[tableName] ?? []));
    pending = result.UnprocessedKeys as typeof pending;
  }
  return items;
}

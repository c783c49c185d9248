import {
  BatchWriteItemCommand,
  ScanCommand,
  type AttributeValue,
  type BatchWriteItemCommandInput,
  type ScanCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * LOCAL ONLY: writing a snapshot of the local table back, item for item. Items travel in DynamoDB's
 * own attribute-value form, so a snapshot written as JSON comes back exactly as it was read. The API never scans.
 */
export type RawItem = Record<string, AttributeValue>;

/** What `npm start` seeded, as it lay in the table: what resetLocalData writes back. */
export interface TableSnapshot {
  /** The seeded customers in the order they were written. */
  customerIds: string[];
  items: RawItem[];
}

/** BatchWriteItem takes at most 25 requests. */
export const WRITE_BATCH = 25;
/** Batches in flight at once: enough to keep DynamoDB Local busy without queueing on its threads. */
const PARALLEL_BATCHES = 8;

export function scanParams(tableName: string, startKey: RawItem | undefined): ScanCommandInput {
  return { TableName: tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) };
}

export function writeBatchParams(tableName: string, requests: WriteRequest[]): BatchWriteItemCommandInput {
  return { RequestItems: { [tableName]: requests } };
}

/** Every item of the table. */
export async function scanTable(client: DynamoDBDocumentClient, tableName: string): Promise<RawItem[]> {
  const items: RawItem[] = [];
  let startKey: RawItem | undefined;
  do {
    const page = await client.send(new ScanCommand(scanParams(tableName, startKey)));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** What a reset changes: how many items it put back and how many it deleted. */
export interface ResetCount {
  written: number;
  deleted: number;
}

/**
 * The writes that turn the table's items into the snapshot's: items the snapshot lacks are deleted, items that
 * differ or are missing are put back, and the rest (most of them, after a test) are left alone. The table is kept,
 * so its stream (and whatever reads it) carries on.
 */
export function resetWrites(current: RawItem[], snapshot: RawItem[]): WriteRequest[] {
  const wanted = new Map(snapshot.map((item) => [keyOf(item), canonical(item)]));
  const present = new Map(current.map((item) => [keyOf(item), canonical(item)]));
  const deletes: WriteRequest[] = current
    .filter((item) => !wanted.has(keyOf(item)))
    .map((item) => ({ DeleteRequest: { Key: { pk: item['pk'] as AttributeValue, sk: item['sk'] as AttributeValue } } }));
  const puts: WriteRequest[] = snapshot
    .filter((item) => present.get(keyOf(item)) !== wanted.get(keyOf(item)))
    .map((Item) => ({ PutRequest: { Item } }));
  return [...deletes, ...puts];
}

/** Makes the table hold exactly the snapshot's items: one scan, then only the writes that differ. */
export async function restoreSnapshot(
  client: DynamoDBDocumentClient,
  tableName: string,
  snapshot: TableSnapshot,
): Promise<ResetCount> {
  const writes = resetWrites(await scanTable(client, tableName), snapshot.items);
  const deletes = writes.filter((write) => write.DeleteRequest);
  // Deletes first: a stream projector still counting a fact written since then requires the fact in the same
  // transaction, so once the fact is gone it cannot add to the counters the puts then write back.
  await writeAll(client, tableName, deletes);
  await writeAll(client, tableName, writes.filter((write) => write.PutRequest));
  return { written: writes.length - deletes.length, deleted: deletes.length };
}

function keyOf(item: RawItem): string {
  return `${item['pk']?.S ?? ''}\u0000${item['sk']?.S ?? ''}`;
}

/** The same JSON for the same item whatever order DynamoDB lists its attributes in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function writeAll(client: DynamoDBDocumentClient, tableName: string, requests: WriteRequest[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += WRITE_BATCH) batches.push(requests.slice(i, i + WRITE_BATCH));
  for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
    await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map((batch) => writeBatch(client, tableName, batch)));
  }
}

async function writeBatch(client: DynamoDBDocumentClient, tableName: string, requests: WriteRequest[]): Promise<void> {
  let params = writeBatchParams(tableName, requests);
  // DynamoDB may hand back part of a batch unprocessed; send the rest again until none is left.
  for (let attempt = 0; attempt < 10; attempt++) {
    const { UnprocessedItems } = await client.send(new BatchWriteItemCommand(params));
    if (!UnprocessedItems || Object.keys(UnprocessedItems).length === 0) return;
    params = { RequestItems: UnprocessedItems };
    await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
  }
  throw new Error('DynamoDB left items of a batch write unprocessed ten times');
}

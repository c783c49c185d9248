import type { Item } from './items';

/** What a retried write must answer: the first result, kept with a hash of the request that produced it. */
export interface IdempotencyRecord {
  /** The operation (recordTouchpoint, ...) and the caller's sub: a key is the caller's own, per operation. */
  operation: string;
  sub: string;
  key: string;
  requestHash: string;
  /** The first result, serialized by the use case that produced it. */
  result: string;
  createdAt: string;
  /** Epoch seconds; DynamoDB's TTL deletes the record some time after, so reads check it too. */
  expiresAt: number;
}

export const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** The record of an idempotency key as stored, unless it has expired (TTL deletes lazily, so reads check too). */
export function liveRecord(item: Item, now: Date): IdempotencyRecord | null {
  const expiresAt = item['expiresAt'] as number;
  if (expiresAt <= epochSeconds(now)) return null;
  return {
    operation: item['operation'] as string,
    sub: item['sub'] as string,
    key: item['key'] as string,
    requestHash: item['requestHash'] as string,
    result: item['result'] as string,
    createdAt: item['createdAt'] as string,
    expiresAt,
  };
}


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

/** The idempotency key was used before and its record has not expired. */
export class IdempotencyKeyUsed extends Error {
  constructor(readonly record: IdempotencyRecord) {
    super('Idempotency key already used');
    this.name = 'IdempotencyKeyUsed';
  }
}

/** Another customer of the map already has this external id. */
export class ExternalIdTaken extends Error {
  constructor(readonly customerId: string) {
    super('External id already taken');
    this.name = 'ExternalIdTaken';
  }
}

/** What the write relied on changed underneath it (or it raced another writer): read again and retry. */
export class StaleRead extends Error {
  constructor(cause: unknown) {
    super('The customer changed while the write was prepared', { cause });
    this.name = 'StaleRead';
  }
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


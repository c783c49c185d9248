import { TransactionRefused } from './transact';
import type { Item } from './items';

/** What a retried write must answer: the first result, kept with a hash of the request that produced it. */
export interface IdempotencyRecord {
  scope: string;
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
    scope: item['scope'] as string,
    key: item['key'] as string,
    requestHash: item['requestHash'] as string,
    result: item['result'] as string,
    createdAt: item['createdAt'] as string,
    expiresAt,
  };
}

/** Turns a refused transaction into what the use case can act on; other errors pass through. */
export function explainRefusal(error: unknown, now: Date): unknown {
  if (!(error instanceof TransactionRefused)) return error;
  const idempotency = error.refusal('idempotency')?.item;
  const record = idempotency ? liveRecord(idempotency, now) : null;
  if (record) return new IdempotencyKeyUsed(record);
  const owner = error.refusal('externalId')?.item;
  if (owner) return new ExternalIdTaken(owner['customerId'] as string);
  // Anything else, including a condition DynamoDB Local reports failed while another writer held the item.
  return new StaleRead(error);
}

import { createHash } from 'node:crypto';
import { conflict } from '../domain/errors';
import { IdempotencyKeyUsed, type IdempotencyRecord } from '../store/lifecycleStore';
import type { Services } from './services';

/** Builds the record to write with the effect, holding the result a retry must answer. */
export type KeepResult<T> = (result: T, now: Date) => IdempotencyRecord | null;

/**
 * Runs a write at most once per idempotency key: the same key with the same request answers the first result,
 * the same key with another request is a CONFLICT. The record is written in the effect's own transaction, so a
 * crash can never leave one without the other; a race for the key is settled by that transaction's condition.
 */
export async function idempotent<T>(
  services: Services,
  scope: string,
  key: string | null,
  request: unknown,
  write: (keep: KeepResult<T>) => Promise<T>,
): Promise<T> {
  if (key === null) return write(() => null);
  const requestHash = hashRequest(request);
  const existing = await services.store.getIdempotencyRecord(scope, key, services.clock());
  if (existing) return replay<T>(existing, requestHash);
  const keep: KeepResult<T> = (result, now) => ({
    scope,
    key,
    requestHash,
    result: JSON.stringify(result),
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + services.idempotencyTtlHours * 3600,
  });
  try {
    return await write(keep);
  } catch (error) {
    if (error instanceof IdempotencyKeyUsed) return replay<T>(error.record, requestHash);
    // A twin request with this key may have won the race and changed what this one was checked against (its
    // move is no longer allowed, say): its result is the answer, not this attempt's refusal.
    const winner = await services.store.getIdempotencyRecord(scope, key, services.clock());
    if (winner) return replay<T>(winner, requestHash);
    throw error;
  }
}

function replay<T>(record: IdempotencyRecord, requestHash: string): T {
  if (record.requestHash !== requestHash) {
    throw conflict('This idempotency key was used with a different request', 'input.idempotencyKey');
  }
  return JSON.parse(record.result) as T;
}

/** A hash of the request that ignores key order, so equal requests hash equal however a client serialized them. */
export function hashRequest(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

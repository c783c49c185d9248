import { createHash } from 'node:crypto';
import type { Caller } from '../domain/access';
import { conflict } from '../domain/errors';
import type { IdempotencyRecord } from '../store/lifecycleStore';
import type { Services } from './services';
import { countIdempotentReplay } from './requestCounters';

/**
 * A write's idempotency key, scoped to the operation and the caller, with a hash of what it asks. The record is put
 * if absent in the write's own transaction (no read before): a retry learns of the first result from that
 * condition's failure, and answers it.
 */
export interface IdempotencyClaim {
  operation: string;
  sub: string;
  key: string;
  requestHash: string;
}

export function claimOf(operation: string, caller: Caller, key: string | null, request: unknown): IdempotencyClaim | null {
  return key === null ? null : { operation, sub: caller.sub, key, requestHash: hashRequest(request) };
}

/** The record to write with the effect, holding the result a retry must answer. */
export function recordOf(services: Services, claim: IdempotencyClaim, result: unknown, now: Date): IdempotencyRecord {
  return {
    ...claim,
    result: JSON.stringify(result),
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + services.idempotencyTtlHours * 3600,
  };
}

/** The first result of a key: the same request answers it; another request with the same key is a CONFLICT. */
export function replay<T>(record: IdempotencyRecord, claim: IdempotencyClaim, field = 'input.idempotencyKey'): T {
  if (record.requestHash !== claim.requestHash) throw conflict('This idempotency key was used with a different request', field);
  countIdempotentReplay();
  return JSON.parse(record.result) as T;
}

/**
 * After a refusal (a move no longer allowed, a customer not found): if the key's first request went through, its
 * result is the answer, not this attempt's refusal. One consistent read, only on the refusal path.
 */
export async function replayIfRecorded<T>(services: Services, claim: IdempotencyClaim | null, field?: string): Promise<T | null> {
  if (claim === null) return null;
  const record = await services.store.getIdempotencyRecord(claim.operation, claim.sub, claim.key, services.clock());
  return record ? replay<T>(record, claim, field) : null;
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

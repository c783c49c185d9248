import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../domain/errors';
import { sleep, timeLeftFor } from './deadline';

/** DynamoDB's ways of saying "too fast": capacity, request rate, or a throttled part of a transaction. */
const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (THROTTLING.has(error.name)) return true;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === 'ThrottlingError' || reason.Code === 'ProvisionedThroughputExceeded');
}

/** How long a client should wait before trying again, in seconds: the Retry-After of an UNAVAILABLE answer. */
export const RETRY_AFTER_SECONDS = 1;

export const unavailable = (cause?: unknown) =>
  new DomainError('UNAVAILABLE', 'The service is busy; try again shortly with the same idempotency key', { cause });

/**
 * After the SDK's own retries, a throttled request is tried again with growing, jittered pauses while the
 * request's deadline allows, then answered UNAVAILABLE (HTTP 503): throttling is not a race, never CONFLICT.
 * The same command is resent as it was, so a transaction keeps its ClientRequestToken.
 */
export function addThrottlingBackoff(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await next(args);
        } catch (error) {
          if (!isThrottling(error)) throw error;
          const pause = Math.random() * Math.min(1000, 50 * 2 ** attempt);
          if (!timeLeftFor(pause + 200)) throw unavailable(error);
          await sleep(pause);
        }
      }
    },
    { step: 'initialize', name: 'throttlingBackoff' },
  );
}

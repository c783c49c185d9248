import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What one unit of work (a request, a benchmark step) asked of DynamoDB. */
export interface DynamoDbUsage {
  /** Commands sent, whatever their outcome (the SDK's own retries of one command count once). */
  requests: number;
  /** Commands sent, by command name without the `Command` suffix (`GetItem`, `TransactWriteItems`, ...). */
  byCommand: Record<string, number>;
  /** Capacity units DynamoDB reported for the reads and the writes that succeeded (a refused write reports none). */
  readCapacityUnits: number;
  writeCapacityUnits: number;
  /** Writes refused by a condition: a stale read retried against fresh state, or a refusal. */
  conditionFailures: number;
  /** Commands that ended throttled after the SDK's retries. */
  throttles: number;
  /** Extra attempts the SDK made (throttling, 5xx), over all commands. */
  sdkRetries: number;
}

/** A fresh, empty tally. */
export function emptyUsage(): DynamoDbUsage {
  return {
    requests: 0,
    byCommand: {},
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    conditionFailures: 0,
    throttles: 0,
    sdkRetries: 0,
  };
}

interface Scope {
  usage: DynamoDbUsage;
  parent: Scope | undefined;
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Runs work in a scope that tallies every DynamoDB command it sends through a tracked client. Scopes nest: a
 * command counts in its own scope and in each enclosing one, so a benchmark can measure a step inside a request.
 */
export async function measureDynamoDbUsage<T>(work: () => Promise<T>): Promise<{ result: T; usage: DynamoDbUsage }> {
  const scope: Scope = { usage: emptyUsage(), parent: scopes.getStore() };
  const result = await scopes.run(scope, work);
  return { result, usage: scope.usage };
}

/** The tally of the innermost scope so far (the live object), or undefined outside any. */
export function currentDynamoDbUsage(): DynamoDbUsage | undefined {
  return scopes.getStore()?.usage;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * Asks DynamoDB for the capacity each data command consumed (ReturnConsumedCapacity TOTAL) and tallies commands,
 * capacity, condition failures, throttles and SDK retries into the current scope. Added once, where the client is
 * made; the document client shares the base client's middleware stack, so its commands are tracked too.
 */
export function trackDynamoDbUsage(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // Outside any scope nobody reads the figures: the command goes as it was, and DynamoDB computes no capacity.
      const usages = activeUsages();
      if (usages.length === 0) return next(args);
      const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const measured = READS.has(command) || WRITES.has(command);
      const input = args.input as Record<string, unknown>;
      const request =
        measured && input['ReturnConsumedCapacity'] === undefined
          ? { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } }
          : args;
      for (const usage of usages) {
        usage.requests += 1;
        usage.byCommand[command] = (usage.byCommand[command] ?? 0) + 1;
      }
      try {
        const result = await next(request);
        const output = result.output as {
          ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[];
          $metadata?: { attempts?: number };
        };
        const units = capacityOf(command, output.ConsumedCapacity);
        const retries = Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
        for (const usage of usages) {
          usage.readCapacityUnits += units.read;
          usage.writeCapacityUnits += units.write;
          usage.sdkRetries += retries;
        }
        return result;
      } catch (error) {
        const outcome = failureOf(error);
        for (const usage of usages) {
          if (outcome.conditionFailed) usage.conditionFailures += 1;
          if (outcome.throttled) usage.throttles += 1;
          usage.sdkRetries += outcome.retries;
        }
        throw error;
      }
    },
    // Low priority: inside any backoff middleware, so that each resend is a request of its own.
    { step: 'initialize', priority: 'low', name: 'lifecycleMapDynamoDbUsage', override: true },
  );
}

function activeUsages(): DynamoDbUsage[] {
  const usages: DynamoDbUsage[] = [];
  for (let scope = scopes.getStore(); scope; scope = scope.parent) usages.push(scope.usage);
  return usages;
}

/**
 * The read and write units of a command's ConsumedCapacity (one entry, or one per table). DynamoDB splits them
 * when it can; DynamoDB Local gives only the total, which is a write command's write units, a read's read units.
 */
export function capacityOf(
  command: string,
  consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
): { read: number; write: number } {
  const units = { read: 0, write: 0 };
  for (const entry of consumed === undefined ? [] : [consumed].flat()) {
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      units.read += entry.ReadCapacityUnits ?? 0;
      units.write += entry.WriteCapacityUnits ?? 0;
    } else if (WRITES.has(command)) units.write += entry.CapacityUnits ?? 0;
    else units.read += entry.CapacityUnits ?? 0;
  }
  return units;
}

function failureOf(error: unknown): { conditionFailed: boolean; throttled: boolean; retries: number } {
  const failure = error as {
    name?: string;
    CancellationReasons?: { Code?: string }[];
    $metadata?: { attempts?: number };
  };
  const reasons = (failure.CancellationReasons ?? []).map((reason) => reason.Code);
  return {
    conditionFailed: failure.name === 'ConditionalCheckFailedException' || reasons.includes('ConditionalCheckFailed'),
    throttled:
      THROTTLED.has(failure.name ?? '') ||
      reasons.includes('ThrottlingError') ||
      reasons.includes('ProvisionedThroughputExceeded'),
    retries: Math.max(0, (failure.$metadata?.attempts ?? 1) - 1),
  };
}

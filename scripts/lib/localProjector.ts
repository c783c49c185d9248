import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { projectCustomerFacts, type ProjectorServices, type StreamFact } from '../../src/app/projectFacts';
import { DEFAULT_MAP_ID } from '../../src/domain/defaultMap';
import type { Logger } from '../../src/log';
import { projectStreamRecords, streamFact } from '../../src/projectorHandler';

const LOCAL = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/**
 * Reads a table's stream on DynamoDB Local from the start, shard by shard, as Lambda's event source mapping does
 * when deployed: what it returns has not been returned before.
 */
export class StreamTail {
  private readonly streams: DynamoDBStreamsClient;
  private readonly tables: DynamoDBClient;
  private streamArn: string | undefined;
  /** Shard id -> where to read next; null once a closed shard is read to its end. */
  private readonly iterators = new Map<string, string | null>();

  constructor(
    endpoint: string,
    private readonly tableName: string,
  ) {
    this.streams = new DynamoDBStreamsClient({ ...LOCAL, endpoint });
    this.tables = new DynamoDBClient({ ...LOCAL, endpoint });
  }

  /** The records written since the last read (up to 1,000 per shard per call), oldest first within a shard. */
  async read(): Promise<StreamFact[]> {
    this.streamArn ??= (await this.tables.send(new DescribeTableCommand({ TableName: this.tableName }))).Table?.LatestStreamArn;
    if (!this.streamArn) throw new Error(`Table ${this.tableName} has no stream`);
    const { StreamDescription: stream } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    const facts: StreamFact[] = [];
    for (const shard of stream?.Shards ?? []) {
      const shardId = shard.ShardId as string;
      let iterator = this.iterators.get(shardId);
      if (iterator === null) continue;
      iterator ??= (
        await this.streams.send(
          new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
        )
      ).ShardIterator;
      if (!iterator) continue;
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      this.iterators.set(shardId, page.NextShardIterator ?? null);
      for (const record of page.Records ?? []) {
        const fact = streamFact(record as unknown as DynamoDBRecord);
        if (fact) facts.push(fact);
      }
    }
    return facts;
  }

  close(): void {
    this.streams.destroy();
    this.tables.destroy();
  }
}

/** A stream consumer: handles a batch of records and answers the sequence numbers of those it could not. */
export type StreamConsumer = (records: StreamFact[]) => Promise<string[]>;

/** Feeds a consumer every record the stream holds until it holds no more: what the tests call instead of sleeping. */
export async function drainWith(tail: StreamTail, consume: StreamConsumer, name: string): Promise<number> {
  let read = 0;
  for (;;) {
    const records = await tail.read();
    if (records.length === 0) return read;
    const failed = await consume(records);
    if (failed.length > 0) throw new Error(`The ${name} failed on ${failed.length} stream records`);
    read += records.length;
  }
}

/** Counts every fact the stream holds until it holds no more. */
export function drainStream(tail: StreamTail, services: ProjectorServices, logger: Logger): Promise<number> {
  return drainWith(tail, (records) => projectStreamRecords(services, logger, records), 'projector');
}

/**
 * Counts the facts left uncounted when an earlier run stopped part way: DynamoDB Local keeps a table's data across
 * restarts but not always its stream, so `npm start` looks them up in the unprojected index first.
 */
export async function catchUp(services: ProjectorServices, mapIds: string[] = [DEFAULT_MAP_ID]): Promise<number> {
  let customers = 0;
  for (const mapId of mapIds) {
    for (let waiting = await services.projection.customersWaiting(mapId, 100); waiting.length > 0; waiting = await services.projection.customersWaiting(mapId, 100)) {
      for (const customerId of waiting) await projectCustomerFacts(services, customerId, 'all');
      customers += waiting.length;
    }
  }
  return customers;
}

/**
 * Polls DynamoDB Local's stream every quarter second and feeds a consumer, as Lambda's event source mapping does
 * when deployed. A failed batch is logged and read again from the stream's start on the next poll, as Lambda
 * retries (the consumers skip what they already did).
 */
export function pollStream(options: { endpoint: string; tableName: string; consume: StreamConsumer; logger: Logger; name: string; before?: () => Promise<void> }) {
  let tail = new StreamTail(options.endpoint, options.tableName);
  let stopped = false;
  const loop = (async () => {
    await options.before?.();
    while (!stopped) {
      try {
        const records = await tail.read();
        if (records.length > 0 && (await options.consume(records)).length > 0) {
          tail.close();
          tail = new StreamTail(options.endpoint, options.tableName);
        }
      } catch (error) {
        if (!stopped) options.logger.error({ err: error }, `local ${options.name}: could not read the stream`);
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      tail.close();
    },
  };
}

/** `npm start`'s projector: the same code as the deployed function, fed by DynamoDB Local's stream. */
export function runLocalProjector(options: { endpoint: string; tableName: string; services: ProjectorServices; logger: Logger }) {
  return pollStream({
    ...options,
    name: 'projector',
    consume: (records) => projectStreamRecords(options.services, options.logger, records),
    before: async () => {
      try {
        const customers = await catchUp(options.services);
        if (customers > 0) options.logger.info({ customers }, 'local projector: counted facts left from an earlier run');
      } catch (error) {
        options.logger.error({ err: error }, 'local projector: could not count the facts left from an earlier run');
      }
    },
  });
}

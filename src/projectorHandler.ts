import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue as LambdaAttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { projectBatch, type ProjectorServices, type StreamFact } from './app/projectFacts';
import type { ProjectorConfig } from './config';
import type { LifecycleMap } from './domain/map';
import { createLogger, type Logger } from './log';
import { createProjectorMetricsPublisher, type LineWriter } from './metrics';
import { createDocumentClient } from './store/client';
import { withDeadline } from './store/deadline';
import { LifecycleStore } from './store/lifecycleStore';
import { ProjectionStore } from './store/projection';
import { measureDynamoDbUsage } from './store/usage';
import type { DestinationStream } from 'pino';

/** How long a map read by the projector is trusted: its settings (feedback and attribution days) rarely change. */
const MAP_TTL_MS = 60_000;

/** The projector's services for one container: stores on one client, and maps cached for a minute. */
export function createProjectorServices(
  config: Omit<ProjectorConfig, 'metrics'>,
): ProjectorServices {
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const store = new LifecycleStore(client, config.tableName);
  const maps = new Map<string, { map: LifecycleMap | null; until: number }>();
  return {
    store,
    projection: new ProjectionStore(client, config.tableName),
    loadMap: async (mapId) => {
      const cached = maps.get(mapId);
      if (cached && cached.until > Date.now()) return cached.map;
      const map = await store.getMap(mapId);
      maps.set(mapId, { map, until: Date.now() + MAP_TTL_MS });
      return map;
    },
  };
}

/** A stream record's new image as a stored item (the projector reads only inserts). */
export function streamFact(record: Pick<DynamoDBRecord, 'eventName' | 'dynamodb'>): StreamFact | null {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image || !record.dynamodb?.SequenceNumber) return null;
  return {
    sequenceNumber: record.dynamodb.SequenceNumber,
    item: unmarshall(image as Record<string, LambdaAttributeValue> as Record<string, AttributeValue>),
  };
}

/** Counts a batch of facts; failures are logged and reported, so Lambda retries from the first of them. */
export async function projectStreamRecords(services: ProjectorServices, logger: Logger, records: StreamFact[]): Promise<string[]> {
  const started = Date.now();
  const failed = await projectBatch(services, records, (error, failedRecords) =>
    logger.error(
      { err: error, sequenceNumbers: failedRecords.map((record) => record.sequenceNumber) },
      "could not count a customer's facts into the insights",
    ),
  );
  logger.info({ records: records.length, failed: failed.length, ms: Date.now() - started }, 'projected a stream batch');
  return failed;
}

/** When the batch's oldest record was written (epoch ms; the stream gives seconds), if the records say. */
function oldestWrite(event: DynamoDBStreamEvent): number | undefined {
  const written = event.Records.map((record) => record.dynamodb?.ApproximateCreationDateTime).filter(
    (seconds): seconds is number => typeof seconds === 'number',
  );
  return written.length === 0 ? undefined : Math.min(...written) * 1000;
}

/**
 * The Lambda handler of the stream projector: partial batch failure reporting (ReportBatchItemFailures), the
 * function's remaining time as the deadline of every retry. Loads no Apollo and no graphql.
 */
export function createProjectorHandler(
  config: ProjectorConfig,
  options: { logDestination?: DestinationStream; metricsDestination?: LineWriter } = {},
) {
  const logger = createLogger(config.logLevel, options.logDestination);
  const services = createProjectorServices(config);
  const publishMetrics = createProjectorMetricsPublisher(config.metrics, options.metricsDestination);
  return async (event: DynamoDBStreamEvent, context?: { getRemainingTimeInMillis?: () => number }): Promise<DynamoDBBatchResponse> => {
    const remaining = context?.getRemainingTimeInMillis?.() ?? 60_000;
    const records = event.Records.map(streamFact).filter((record): record is StreamFact => record !== null);
    const oldest = oldestWrite(event);
    const started = Date.now();
    const { result: failed, usage } = await measureDynamoDbUsage(() =>
      withDeadline(Date.now() + remaining - 2_000, () => projectStreamRecords(services, logger, records)),
    );
    publishMetrics({
      records: records.length,
      failed: failed.length,
      latencyMs: Date.now() - started,
      lagMs: oldest === undefined ? undefined : Date.now() - oldest,
      dynamodb: usage,
    });
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchUntilQuiet } from './app/webhooks/dispatch';
import { eventsOf, publishEvents, type PublisherServices } from './app/webhooks/publish';
import { httpSender } from './app/webhooks/sender';
import type { WebhooksConfig } from './config';
import { DELIVERY_TIMEOUT_MS } from './domain/webhookSchedule';
import { urlPolicyFor } from './domain/webhookUrl';
import { createLogger, type Logger } from './log';
import { streamFact } from './projectorHandler';
import { createDocumentClient } from './store/client';
import { eventBridgeBus } from './store/eventBus';
import { LifecycleStore } from './store/lifecycleStore';
import { WebhookStore } from './store/webhooks';
import type { DestinationStream } from 'pino';
import type { StreamFact } from './app/projectFacts';

/** The publisher's and dispatcher's services for one container. */
export function createWebhookServices(config: WebhooksConfig): PublisherServices {
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const store = new LifecycleStore(client, config.tableName);
  const policy = urlPolicyFor(config.isDeployed);
  return {
    webhooks: new WebhookStore(client, config.tableName),
    customers: (ids) => store.getCustomers(ids),
    clock: () => new Date(),
    urlPolicy: policy,
    send: httpSender(policy),
    bus: config.eventBusName ? eventBridgeBus(config.eventBusName, config.region) : null,
    timeoutMs: DELIVERY_TIMEOUT_MS,
  };
}

/**
 * Publishes a batch of stream records: events onto the bus and deliveries for the subscriptions. A failure reports
 * the whole batch failed; Lambda retries it, and deliveries already made are not made twice.
 */
export async function publishStreamRecords(services: PublisherServices, logger: Logger, records: StreamFact[]): Promise<string[]> {
  try {
    const events = await eventsOf(services, records.map((record) => record.item));
    const deliveries = await publishEvents(services, events);
    if (events.length > 0) logger.info({ records: records.length, events: events.length, deliveries }, 'published webhook events');
    return [];
  } catch (error) {
    logger.error({ err: error, records: records.length }, 'could not publish webhook events');
    return records.map((record) => record.sequenceNumber);
  }
}

type LambdaContext = { getRemainingTimeInMillis?: () => number };

/** Sends what is due; a failure is logged (the next invocation sends what is left). */
async function dispatch(services: PublisherServices, logger: Logger, context: LambdaContext | undefined): Promise<void> {
  const deadline = Date.now() + (context?.getRemainingTimeInMillis?.() ?? 60_000) - 2_000;
  try {
    const report = await dispatchUntilQuiet(services, deadline);
    // `ended` feeds the ended-deliveries alarm (a metric filter on this line, infra/webhooks.yml).
    if (report.attempted + report.ended > 0) logger.info({ webhookDeliveries: report }, 'dispatched webhook deliveries');
  } catch (error) {
    logger.error({ err: error }, 'could not dispatch webhook deliveries');
  }
}

/**
 * The publisher's Lambda handler, on the table's stream (new transitions only): it publishes, then sends at once
 * what it made, so a receiver hears within a second rather than at the next scheduled minute.
 */
export function createPublisherHandler(config: WebhooksConfig, options: { logDestination?: DestinationStream } = {}) {
  const logger = createLogger(config.logLevel, options.logDestination);
  const services = createWebhookServices(config);
  return async (event: DynamoDBStreamEvent, context?: LambdaContext): Promise<DynamoDBBatchResponse> => {
    const records = event.Records.map(streamFact).filter((record): record is StreamFact => record !== null);
    const failed = await publishStreamRecords(services, logger, records);
    if (failed.length === 0) await dispatch(services, logger, context);
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** The dispatcher's Lambda handler, every minute: retries that fell due, and anything a publisher left. */
export function createDispatcherHandler(config: WebhooksConfig, options: { logDestination?: DestinationStream } = {}) {
  const logger = createLogger(config.logLevel, options.logDestination);
  const services = createWebhookServices(config);
  return async (_event: unknown, context?: LambdaContext): Promise<void> => dispatch(services, logger, context);
}

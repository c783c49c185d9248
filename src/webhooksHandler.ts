import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchUntilQuiet } from './app/webhooks/dispatch';
import { consistentCustomers, eventsOf, publishEvents, type PublisherServices } from './app/webhooks/publish';
import { httpSender } from './app/webhooks/sender';
import type { WebhooksConfig } from './config';
import { DELIVERY_TIMEOUT_MS } from './domain/webhookSchedule';
import { urlPolicyFor } from './domain/webhookUrl';
import { createLogger, type Logger } from './log';
import { createWebhookMetricsPublisher, type LineWriter, type WebhookMetrics } from './metrics';
import { streamFact } from './projectorHandler';
import { createDocumentClient } from './store/client';
import { eventBridgeBus } from './store/eventBus';
import { LifecycleStore } from './store/lifecycleStore';
import { WebhookStore } from './store/webhooks';
import type { DestinationStream } from 'pino';
import type { StreamFact } from './app/projectFacts';

/** The publisher's and dispatcher's services for one container. */
export function createWebhookServices(config: Omit<WebhooksConfig, 'metrics'>): PublisherServices {
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const store = new LifecycleStore(client, config.tableName);
  const policy = urlPolicyFor(config.isDeployed);
  return {
    webhooks: new WebhookStore(client, config.tableName),
    customers: consistentCustomers(store),
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
export async function publishStreamRecords(
  services: PublisherServices,
  logger: Logger,
  records: StreamFact[],
  run?: Pick<WebhookMetrics, 'events' | 'deliveriesMade'>,
): Promise<string[]> {
  try {
    const events = await eventsOf(services, records.map((record) => record.item));
    const deliveries = await publishEvents(services, events);
    if (run) Object.assign(run, { events: events.length, deliveriesMade: deliveries });
    if (events.length > 0) logger.info({ records: records.length, events: events.length, deliveries }, 'published webhook events');
    return [];
  } catch (error) {
    logger.error({ err: error, records: records.length }, 'could not publish webhook events');
    return records.map((record) => record.sequenceNumber);
  }
}

type LambdaContext = { getRemainingTimeInMillis?: () => number };

const noRun = (): WebhookMetrics => ({ events: 0, deliveriesMade: 0, attempts: 0, delivered: 0, ended: 0 });

/** Sends what is due; a failure is logged (the next invocation sends what is left). */
async function dispatch(services: PublisherServices, logger: Logger, context: LambdaContext | undefined, run: WebhookMetrics): Promise<void> {
  const deadline = Date.now() + (context?.getRemainingTimeInMillis?.() ?? 60_000) - 2_000;
  try {
    const report = await dispatchUntilQuiet(services, deadline);
    Object.assign(run, { attempts: report.attempted, delivered: report.delivered, ended: report.ended });
    if (report.attempted + report.ended > 0) logger.info({ webhookDeliveries: report }, 'dispatched webhook deliveries');
  } catch (error) {
    logger.error({ err: error }, 'could not dispatch webhook deliveries');
  }
}

interface HandlerOptions {
  logDestination?: DestinationStream;
  metricsDestination?: LineWriter;
}

/**
 * The publisher's Lambda handler, on the table's stream (new transitions only): it publishes, then sends at once
 * what it made, so a receiver hears within a second rather than at the next scheduled minute.
 */
export function createPublisherHandler(config: WebhooksConfig, options: HandlerOptions = {}) {
  const logger = createLogger(config.logLevel, options.logDestination);
  const services = createWebhookServices(config);
  const publishMetrics = createWebhookMetricsPublisher(config.metrics, options.metricsDestination);
  return async (event: DynamoDBStreamEvent, context?: LambdaContext): Promise<DynamoDBBatchResponse> => {
    const run = noRun();
    const records = event.Records.map(streamFact).filter((record): record is StreamFact => record !== null);
    const failed = await publishStreamRecords(services, logger, records, run);
    if (failed.length === 0) await dispatch(services, logger, context, run);
    publishMetrics(run);
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** The dispatcher's Lambda handler, every minute: retries that fell due, and anything a publisher left. */
export function createDispatcherHandler(config: WebhooksConfig, options: HandlerOptions = {}) {
  const logger = createLogger(config.logLevel, options.logDestination);
  const services = createWebhookServices(config);
  const publishMetrics = createWebhookMetricsPublisher(config.metrics, options.metricsDestination);
  return async (_event: unknown, context?: LambdaContext): Promise<void> => {
    const run = noRun();
    await dispatch(services, logger, context, run);
    if (run.attempts + run.ended > 0) publishMetrics(run);
  };
}

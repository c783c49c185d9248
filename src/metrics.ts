import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RequestCounters } from './app/requestCounters';
import type { DynamoDbUsage } from './store/usage';

/** Everything the metrics of one API request are made of. */
export interface RequestMetrics {
  /** Lambda's request id: the one in the function log and in an INTERNAL_SERVER_ERROR's extensions. */
  requestId: string;
  /** API Gateway's request id: the client's `apigw-requestid` header and the access log's `requestId`. */
  apiRequestId: string;
  /** The operation's root field (`recordTouchpoint`, `customers`), or a parenthesized word when there is none. */
  operation: string;
  status: number;
  latencyMs: number;
  errorCodes: readonly string[];
  queryCost: number | undefined;
  dynamodb: DynamoDbUsage;
  counters: RequestCounters;
}

export interface MetricsSettings {
  /** The one CloudWatch namespace of the service's own metrics. */
  namespace: string;
  /** The `service` dimension: which deployment (stage) emitted them. */
  service: string;
}

/** Where EMF lines go: stdout (one JSON object a line, which CloudWatch Logs extracts as metrics) unless given. */
export type LineWriter = (line: string) => void;

const toStdout: LineWriter = (line) => void process.stdout.write(`${line}\n`);

/**
 * Publishes one request's metrics as CloudWatch embedded-metric-format lines built by Powertools: one line of
 * request figures dimensioned by service and operation (and by service alone, for alarms over every operation),
 * and one line per distinct error code dimensioned by service, operation and code. Built and written in one synchronous step, so
 * requests that interleave in one process never mix their figures.
 */
export function createRequestMetricsPublisher(settings: MetricsSettings, write: LineWriter = toStdout) {
  const { metrics, flush } = emfLines(settings, write);

  return (request: RequestMetrics): void => {
    const codes = request.errorCodes;
    // UNAVAILABLE (503) is DynamoDB throttling outlasting the request: counted apart from faults of ours.
    const unavailable = codes.includes('UNAVAILABLE') ? 1 : 0;
    const faults = codes.includes('INTERNAL_SERVER_ERROR') || (request.status >= 500 && !unavailable) ? 1 : 0;
    const refused = codes.some((code) => code !== 'INTERNAL_SERVER_ERROR' && code !== 'UNAVAILABLE');
    metrics.addDimension('operation', request.operation);
    metrics.addDimensions({});
    metrics.addMetadata('requestId', request.requestId);
    metrics.addMetadata('apiRequestId', request.apiRequestId);
    metrics.addMetadata('status', String(request.status));
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, request.latencyMs);
    metrics.addMetric('Faults', MetricUnit.Count, faults);
    metrics.addMetric('Unavailable', MetricUnit.Count, unavailable);
    metrics.addMetric('ClientErrors', MetricUnit.Count, refused && !faults && !unavailable ? 1 : 0);
    metrics.addMetric('Conflicts', MetricUnit.Count, codes.filter((code) => code === 'CONFLICT').length);
    metrics.addMetric('IdempotentReplays', MetricUnit.Count, request.counters.idempotentReplays);
    metrics.addMetric('StaleRetries', MetricUnit.Count, request.counters.staleRetries);
    if (request.queryCost !== undefined) metrics.addMetric('QueryCost', MetricUnit.Count, request.queryCost);
    addDynamoDbUsage(metrics, request.dynamodb);
    flush();

    const byCode = new Map<string, number>();
    for (const code of codes) byCode.set(code, (byCode.get(code) ?? 0) + 1);
    for (const [code, count] of byCode) {
      metrics.addDimension('operation', request.operation);
      metrics.addDimension('code', code);
      metrics.addMetadata('requestId', request.requestId);
      metrics.addMetric('Errors', MetricUnit.Count, count);
      flush();
    }
  };
}

export type RequestMetricsPublisher = ReturnType<typeof createRequestMetricsPublisher>;

/** Everything the metrics of one stream batch of the projector are made of. */
export interface ProjectorBatchMetrics {
  records: number;
  failed: number;
  latencyMs: number;
  /** How long the batch's oldest record waited, from its write to the end of its projection; none if unknown. */
  lagMs: number | undefined;
  dynamodb: DynamoDbUsage;
}

/** The operation dimension of the projector's lines, so DynamoDB use by operation shows the projector beside the API. */
export const PROJECTOR_OPERATION = '(projector)';

/** Publishes one stream batch's metrics as one EMF line, dimensioned like a request's (operation `(projector)`). */
export function createProjectorMetricsPublisher(settings: MetricsSettings, write: LineWriter = toStdout) {
  const { metrics, flush } = emfLines(settings, write);
  return (batch: ProjectorBatchMetrics): void => {
    metrics.addDimension('operation', PROJECTOR_OPERATION);
    metrics.addDimensions({});
    metrics.addMetric('Batches', MetricUnit.Count, 1);
    metrics.addMetric('RecordsProjected', MetricUnit.Count, batch.records - batch.failed);
    metrics.addMetric('RecordsFailed', MetricUnit.Count, batch.failed);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, batch.latencyMs);
    if (batch.lagMs !== undefined) metrics.addMetric('ProjectionLag', MetricUnit.Milliseconds, batch.lagMs);
    addDynamoDbUsage(metrics, batch.dynamodb);
    flush();
  };
}

/** What one run of the webhook publisher or dispatcher did. */
export interface WebhookMetrics {
  /** Events published (each onto the bus, and as deliveries). */
  events: number;
  deliveriesMade: number;
  attempts: number;
  delivered: number;
  /** Deliveries that ended without reaching their receiver (FAILED, DISABLED): what the alarm counts. */
  ended: number;
}

/** The operation dimension of the webhook functions' lines. */
export const WEBHOOKS_OPERATION = '(webhooks)';

/** Publishes one webhook run's figures as one EMF line, dimensioned like the projector's (operation `(webhooks)`). */
export function createWebhookMetricsPublisher(settings: MetricsSettings, write: LineWriter = toStdout) {
  const { metrics, flush } = emfLines(settings, write);
  return (run: WebhookMetrics): void => {
    metrics.addDimension('operation', WEBHOOKS_OPERATION);
    metrics.addDimensions({});
    metrics.addMetric('WebhookEvents', MetricUnit.Count, run.events);
    metrics.addMetric('WebhookDeliveriesMade', MetricUnit.Count, run.deliveriesMade);
    metrics.addMetric('WebhookAttempts', MetricUnit.Count, run.attempts);
    metrics.addMetric('WebhookDelivered', MetricUnit.Count, run.delivered);
    metrics.addMetric('WebhookDeliveriesEnded', MetricUnit.Count, run.ended);
    flush();
  };
}

/** A Powertools Metrics buffer whose lines go to `write`, emptied by each flush. */
function emfLines(settings: MetricsSettings, write: LineWriter) {
  const metrics = new Metrics({ namespace: settings.namespace, serviceName: settings.service });
  const flush = () => {
    write(JSON.stringify(metrics.serializeMetrics()));
    metrics.clearMetrics();
    metrics.clearDimensions();
    metrics.clearMetadata();
  };
  return { metrics, flush };
}

function addDynamoDbUsage(metrics: Metrics, usage: DynamoDbUsage): void {
  metrics.addMetric('DynamoDBRequests', MetricUnit.Count, usage.requests);
  metrics.addMetric('DynamoDBReadCapacityUnits', MetricUnit.Count, usage.readCapacityUnits);
  metrics.addMetric('DynamoDBWriteCapacityUnits', MetricUnit.Count, usage.writeCapacityUnits);
  metrics.addMetric('DynamoDBConditionFailures', MetricUnit.Count, usage.conditionFailures);
  metrics.addMetric('DynamoDBThrottles', MetricUnit.Count, usage.throttles);
  metrics.addMetric('DynamoDBRetries', MetricUnit.Count, usage.sdkRetries);
}

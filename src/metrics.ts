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
  const metrics = new Metrics({ namespace: settings.namespace, serviceName: settings.service });
  const flush = () => {
    write(JSON.stringify(metrics.serializeMetrics()));
    metrics.clearMetrics();
    metrics.clearDimensions();
    metrics.clearMetadata();
  };

  return (request: RequestMetrics): void => {
    const faults = request.status >= 500 || request.errorCodes.includes('INTERNAL_SERVER_ERROR') ? 1 : 0;
    metrics.addDimension('operation', request.operation);
    metrics.addDimensions({});
    metrics.addMetadata('requestId', request.requestId);
    metrics.addMetadata('apiRequestId', request.apiRequestId);
    metrics.addMetadata('status', String(request.status));
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, request.latencyMs);
    metrics.addMetric('Faults', MetricUnit.Count, faults);
    metrics.addMetric('ClientErrors', MetricUnit.Count, request.errorCodes.length > 0 && faults === 0 ? 1 : 0);
    metrics.addMetric('Conflicts', MetricUnit.Count, request.errorCodes.filter((code) => code === 'CONFLICT').length);
    metrics.addMetric('IdempotentReplays', MetricUnit.Count, request.counters.idempotentReplays);
    metrics.addMetric('StaleRetries', MetricUnit.Count, request.counters.staleRetries);
    if (request.queryCost !== undefined) metrics.addMetric('QueryCost', MetricUnit.Count, request.queryCost);
    metrics.addMetric('DynamoDBRequests', MetricUnit.Count, request.dynamodb.requests);
    metrics.addMetric('DynamoDBReadCapacityUnits', MetricUnit.Count, request.dynamodb.readCapacityUnits);
    metrics.addMetric('DynamoDBWriteCapacityUnits', MetricUnit.Count, request.dynamodb.writeCapacityUnits);
    metrics.addMetric('DynamoDBConditionFailures', MetricUnit.Count, request.dynamodb.conditionFailures);
    metrics.addMetric('DynamoDBThrottles', MetricUnit.Count, request.dynamodb.throttles);
    metrics.addMetric('DynamoDBRetries', MetricUnit.Count, request.dynamodb.sdkRetries);
    flush();

    const byCode = new Map<string, number>();
    for (const code of request.errorCodes) byCode.set(code, (byCode.get(code) ?? 0) + 1);
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

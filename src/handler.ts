import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, Handler } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import type { DestinationStream } from 'pino';
import { requestClock } from './app/local/localClock';
import type { LocalServices } from './app/local/localServices';
import { MapCache } from './app/mapCache';
import { withRequestCounters } from './app/requestCounters';
import { createServices } from './app/services';
import { createAuthenticator, type AuthenticatorOptions } from './auth/authenticate';
import type { Config } from './config';
import { DomainError } from './domain/errors';
import type { GraphQLContext } from './graphql/context';
import { domainToGraphQLError } from './graphql/errors';
import { QUERY_LIMITS } from './graphql/limits';
import { createLoaders } from './graphql/loaders';
import { newRequestOutcome, type RequestOutcome } from './graphql/requestOutcome';
import { RequestRefusal } from './graphql/requestRefusal';
import { createApolloServer } from './graphql/server';
import { TRUSTED_DOCUMENT_MANIFESTS } from './graphql/trustedDocumentManifests';
import { trustedDocumentResolver } from './graphql/trustedDocuments';
import { createLogger } from './log';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createRequestMetricsPublisher, type LineWriter, type RequestMetricsPublisher } from './metrics';
import { createDocumentClient } from './store/client';
import { withDeadline } from './store/deadline';
import { readMapVersion } from './store/mapVersion';
import { RecordReads } from './store/recordReads';
import { LocalClockStore } from './store/localClock';
import { restoreSnapshot } from './store/localTable';
import { urlPolicyFor } from './domain/webhookUrl';
import { traceDynamoDb } from './store/tracing';
import { measureDynamoDbUsage } from './store/usage';

type HttpApiHandler = Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/** Each event's outcome, from the adapter's first look at it to the metrics written after the response. */
const outcomes = new WeakMap<APIGatewayProxyEventV2, RequestOutcome>();

function outcomeOf(event: APIGatewayProxyEventV2): RequestOutcome {
  let outcome = outcomes.get(event);
  if (!outcome) outcomes.set(event, (outcome = newRequestOutcome()));
  return outcome;
}

function refuse(event: APIGatewayProxyEventV2, status: number, code: string, message: string): RequestRefusal {
  outcomeOf(event).errorCodes.push(code);
  return new RequestRefusal(status, code, message);
}


const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

function graphQLErrorBody(message: string, extensions: Record<string, unknown>): string {
  return JSON.stringify({ errors: [{ message, extensions }] });
}

/** API Gateway HTTP API (payload 2.0) events in, Apollo's HTTP requests out; JSON errors for what it refuses. */
const httpApiAdapter = handlers.createRequestHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
  (event): HTTPGraphQLRequest => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(event.headers ?? {})) headers.set(name, value ?? '');
    return {
      method: event.requestContext.http.method,
      headers,
      search: event.rawQueryString ?? '',
      body: parseBody(event, headers),
    };
  },
  {
    success: ({ body, headers, status }) => {
      if (body.kind !== 'complete') throw new Error('Only complete bodies are supported');
      return { statusCode: status ?? 200, headers: Object.fromEntries(headers), body: body.string };
    },
    error: (error) =>
      error instanceof RequestRefusal
        ? {
            statusCode: error.status,
            headers: jsonHeaders,
            body: graphQLErrorBody(error.message, { code: error.code, ...(error.field ? { field: error.field } : {}) }),
          }
        : {
            statusCode: 500,
            headers: jsonHeaders,
            body: graphQLErrorBody('Internal server error', { code: 'INTERNAL_SERVER_ERROR' }),
          },
  },
);

function parseBody(event: APIGatewayProxyEventV2, headers: HeaderMap): unknown {
  if (!event.body) return '';
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > QUERY_LIMITS.maxBodyBytes) {
    throw refuse(event, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
  }
  const contentType = headers.get('content-type') ?? '';
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json')) {
    try {
      return JSON.parse(text);
    } catch {
      throw refuse(event, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
    }
  }
  return contentType.startsWith('text/plain') ? text : '';
}

export interface HandlerOptions {
  clock?: () => Date;
  newId?: () => string;
  /** Where log lines go: stdout when absent. */
  logDestination?: DestinationStream;
  /** Adds to the DynamoDB client once made (tests inject faults through its middleware). */
  configureClient?: (client: DynamoDBDocumentClient) => void;
  /**
   * Maps read into the container's cache while it starts, so that the first query does not wait for them: the read
   * runs while Lambda fetches the first event.
   */
  primeMapIds?: string[];
  /** Where embedded-metric-format lines go: stdout when absent. */
  metricsDestination?: LineWriter;
  /** How the token issuer's key set is fetched in gateway mode: fetch when absent. */
  fetchKeys?: AuthenticatorOptions['fetchKeys'];
}

/**
 * Wires the service for one container: configuration, logger, metrics, DynamoDB client, store, Apollo server and
 * the authenticator are made once; each request only builds its context, and leaves one set of metrics behind.
 */
export function createHandler(config: Config, options: HandlerOptions = {}): HttpApiHandler {
  const logger = createLogger(config.logLevel, options.logDestination);
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  options.configureClient?.(client);
  const clock = options.clock ?? (() => new Date());
  const services = createServices(client, config.tableName, {
    clock,
    newId: options.newId,
    idempotencyTtlHours: config.idempotencyTtlHours,
    cursorSecret: config.cursorSecret,
    webhookUrlPolicy: urlPolicyFor(config.isDeployed),
  });
  const { store } = services;
  const maps = new MapCache(
    { load: (mapId) => store.getMap(mapId), version: (mapId) => readMapVersion(client, config.tableName, mapId) },
    () => clock().getTime(),
  );
  // A failed read is only a missed head start: the first query reads the map itself.
  Promise.all((options.primeMapIds ?? []).map((mapId) => maps.get(mapId))).catch(() => undefined);
  const publishMetrics = createRequestMetricsPublisher(config.metrics, options.metricsDestination);
  // A tracer that fails to load costs the traces, never the requests.
  const tracing = config.tracing
    ? traceDynamoDb(client, config.metrics.service).catch((error: unknown) => {
        logger.error({ err: error }, 'X-Ray tracing could not be enabled');
        return false;
      })
    : Promise.resolve(false);
  const reads = new RecordReads(client, config.tableName);
  const local: LocalServices | undefined = config.localEmulation && {
    emulation: config.localEmulation,
    clock: new LocalClockStore(client, config.tableName),
    restore: (snapshot) => restoreSnapshot(client, config.tableName, snapshot),
    machineClock: services.clock,
  };
  const authenticate = createAuthenticator(config.auth, { fetchKeys: options.fetchKeys });
  const server = createApolloServer({ isDeployed: config.isDeployed, logger, localEmulation: local !== undefined });
  const resolveTrustedDocument = trustedDocumentResolver(config.persistedOperations, TRUSTED_DOCUMENT_MANIFESTS);
  const adapter = { ...httpApiAdapter, fromEvent: (event: APIGatewayProxyEventV2) => resolveTrustedDocument(httpApiAdapter.fromEvent(event)) };

  const graphql = startServerAndCreateLambdaHandler(server, adapter, {
    context: async ({ event, context }: { event: APIGatewayProxyEventV2; context: Context }) => {
      const requestId = context?.awsRequestId ?? event.requestContext.requestId;
      const apiRequestId = event.requestContext.requestId;
      const outcome = outcomeOf(event);
      try {
        const caller = await authenticate({
          authorization: event.headers?.['authorization'] ?? event.headers?.['Authorization'],
        });
        // LOCAL ONLY: the local stack's movable clock, read once per request; deployed stages read nothing.
        const requestServices = local ? { ...services, clock: await requestClock(local) } : services;
        return { services: requestServices, caller, loaders: createLoaders(store, maps, reads), requestId, apiRequestId, outcome, local } satisfies GraphQLContext;
      } catch (error) {
        if (error instanceof DomainError) {
          outcome.operation = '(unauthenticated)';
          outcome.errorCodes = [error.code];
          logger.info({ requestId, apiRequestId, status: 401, errorCodes: [error.code] }, 'graphql request');
          throw domainToGraphQLError(error);
        }
        outcome.errorCodes = ['INTERNAL_SERVER_ERROR'];
        logger.error({ requestId, apiRequestId, err: error }, 'could not build the request context');
        throw new GraphQLError('Internal server error', {
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, http: { status: 500 } },
        });
      }
    },
  });
  // Every retry below (races, throttling, unprocessed keys) stops in time to answer before Lambda's timeout.
  const inTime: HttpApiHandler = (event, context, callback) => {
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : DEFAULT_TIME_MS;
    return withDeadline(Date.now() + remaining - ANSWER_MARGIN_MS, () => graphql(event, context, callback));
  };
  return measured(inTime, publishMetrics, tracing);
}

/**
 * The handler, measured: each request runs in its own DynamoDB tally and use-case counters, and leaves its
 * metrics (operation, status, latency, error codes, cost, DynamoDB use) once it has its response.
 */
function measured(graphql: HttpApiHandler, publishMetrics: RequestMetricsPublisher, ready: Promise<unknown>): HttpApiHandler {
  return async (event, context, callback) => {
    await ready;
    const started = process.hrtime.bigint();
    const {
      result: { result, counters },
      usage,
    } = await measureDynamoDbUsage(() =>
      withRequestCounters(async () => {
        const answer = await graphql(event, context, callback);
        // Apollo's Lambda handler always answers; the type allows for callback-style handlers that do not.
        if (!answer) throw new Error('The GraphQL handler gave no response');
        return answer;
      }),
    );
    const outcome = outcomeOf(event);
    publishMetrics({
      requestId: context?.awsRequestId ?? event.requestContext.requestId,
      apiRequestId: event.requestContext.requestId,
      operation: outcome.operation,
      status: result.statusCode ?? 200,
      latencyMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      errorCodes: outcome.errorCodes,
      queryCost: outcome.queryCost,
      dynamodb: usage,
      counters,
    });
    return result;
  };
}

/** Time a request may take when the caller gives none (tests); Lambda's timeout is 10 s in serverless.yml. */
const DEFAULT_TIME_MS = 10_000;
/** Kept back from the remaining time to write the answer (and its log line) after the last retry. */
const ANSWER_MARGIN_MS = 1_500;

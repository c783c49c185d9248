import { QUERY_LIMITS } from '../../src/graphql/limits';
import { startApi, type TestApi } from '../support/api';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- EMF lines are read as free JSON
type Line = any;

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});

/** The request line and the error-code lines the handler wrote for the last request sent. */
async function metricsOf(send: () => Promise<{ status: number }>) {
  const before = api.metricLines.length;
  const response = await send();
  const lines: Line[] = api.metricLines.slice(before);
  const request = lines.filter((line) => 'Requests' in line);
  expect(request).toHaveLength(1);
  return { response, request: request[0], errors: lines.filter((line) => 'Errors' in line) };
}

const REQUEST_METRICS = [
  'Requests', 'Latency', 'Faults', 'Unavailable', 'ClientErrors', 'Conflicts', 'IdempotentReplays', 'StaleRetries', 'QueryCost',
  'DynamoDBRequests', 'DynamoDBReadCapacityUnits', 'DynamoDBWriteCapacityUnits', 'DynamoDBConditionFailures',
  'DynamoDBThrottles', 'DynamoDBRetries',
];

function expectRequestLine(line: Line, operation: string) {
  expect(line._aws.CloudWatchMetrics).toHaveLength(1);
  const [directive] = line._aws.CloudWatchMetrics;
  expect(directive.Namespace).toBe('LifecycleMap');
  expect(directive.Dimensions).toEqual([['service', 'operation'], ['service']]);
  expect(directive.Metrics.map((m: { Name: string }) => m.Name)).toEqual(REQUEST_METRICS);
  expect(typeof line._aws.Timestamp).toBe('number');
  expect(line).toMatchObject({ service: 'lifecycle-map-test', operation, Requests: 1, Faults: 0 });
  expect(line.Latency).toBeGreaterThan(0);
  for (const name of REQUEST_METRICS) expect(typeof line[name]).toBe('number');
}

describe('metrics of each operation (CloudWatch embedded metric format)', () => {
  let customerId: string;

  it('createCustomer: one line with its writes and their capacity', async () => {
    const { response, request } = await metricsOf(() =>
      api.graphql(`mutation { createCustomer(input: { externalId: "m-1", name: "Ada", idempotencyKey: "m-1" }) { customer { id } } }`),
    );
    expect(response.status).toBe(200);
    customerId = (response as unknown as { json: Line }).json.data.createCustomer.customer.id;
    expectRequestLine(request, 'createCustomer');
    expect(request.DynamoDBRequests).toBeGreaterThanOrEqual(2);
    expect(request.DynamoDBWriteCapacityUnits).toBeGreaterThan(0);
    expect(request.ClientErrors).toBe(0);
  });

  it('recordTouchpoint: its writes, and the rule it ran', async () => {
    const { request } = await metricsOf(() =>
      api.graphql(
        `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: MARKETING, channel: WEB, kind: PURCHASE, revenue: 10 }) { transition { to { key } } } }`,
        { id: customerId },
      ),
    );
    expectRequestLine(request, 'recordTouchpoint');
    expect(request.DynamoDBWriteCapacityUnits).toBeGreaterThan(0);
  });

  it('advanceCustomer: its writes', async () => {
    const { request } = await metricsOf(() =>
      api.graphql(
        `mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ACTIVE", team: TRAINING, reason: "Trained" }) { customer { version } } }`,
        { id: customerId },
      ),
    );
    expectRequestLine(request, 'advanceCustomer');
    expect(request.DynamoDBWriteCapacityUnits).toBeGreaterThan(0);
  });

  it('a query: its reads, no writes, and its cost', async () => {
    const { request } = await metricsOf(() =>
      api.graphql(`query Board { lifecycleMap { stages { key customerCount } } }`, {}, { role: 'viewer' }),
    );
    expectRequestLine(request, 'lifecycleMap');
    expect(request.DynamoDBRequests).toBeGreaterThanOrEqual(1);
    expect(request.DynamoDBReadCapacityUnits).toBeGreaterThan(0);
    expect(request.DynamoDBWriteCapacityUnits).toBe(0);
    expect(request.QueryCost).toBeGreaterThan(0);
  });

  it('carries the request ids of the function log and of API Gateway', async () => {
    const { request } = await metricsOf(() => api.graphql(`{ lifecycleMap { id } }`));
    const log = api.logLines.find((line) => line['requestId'] === request.requestId && line['msg'] === 'graphql request');
    expect(request.requestId).toMatch(/^req-/);
    expect(request.apiRequestId).toMatch(/^gw-/);
    expect(log).toMatchObject({ apiRequestId: request.apiRequestId });
  });
});

describe('metrics of refusals and faults', () => {
  it('a retried write: answered from its idempotency record, counted as a replay', async () => {
    const create = () => api.graphql(`mutation { createCustomer(input: { externalId: "m-r", name: "Cy", idempotencyKey: "m-r" }) { customer { id } } }`);
    const first = await metricsOf(create);
    expect(first.request).toMatchObject({ operation: 'createCustomer', IdempotentReplays: 0 });
    const retry = await metricsOf(create);
    expect(retry.request).toMatchObject({ operation: 'createCustomer', IdempotentReplays: 1, ClientErrors: 0 });
  });


  it('a CONFLICT: counted, and an error line by operation and code', async () => {
    await api.graphql(`mutation { createCustomer(input: { externalId: "m-2", name: "Bo", idempotencyKey: "m-2" }) { customer { id } } }`);
    const { request, errors } = await metricsOf(() =>
      api.graphql(`mutation { createCustomer(input: { externalId: "m-3", name: "Other", idempotencyKey: "m-2" }) { customer { id } } }`),
    );
    expect(request).toMatchObject({ operation: 'createCustomer', Conflicts: 1, ClientErrors: 1, Faults: 0, IdempotentReplays: 0 });
    expect(errors).toEqual([
      expect.objectContaining({ service: 'lifecycle-map-test', operation: 'createCustomer', code: 'CONFLICT', Errors: 1 }),
    ]);
    expect(errors[0]._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'LifecycleMap',
      Dimensions: [['service', 'operation', 'code']],
      Metrics: [{ Name: 'Errors', Unit: 'Count' }],
    });
  });

  it('a request without a token: UNAUTHENTICATED, before any operation', async () => {
    const { response, request, errors } = await metricsOf(() => api.graphql(`{ lifecycleMap { id } }`, {}, { token: null }));
    expect(response.status).toBe(401);
    expect(request).toMatchObject({ operation: '(unauthenticated)', status: '401', ClientErrors: 1, DynamoDBRequests: 0 });
    expect(errors.map((line: Line) => line.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('a body refused before GraphQL: its code, no operation', async () => {
    const { response, errors, request } = await metricsOf(() => api.send('x'.repeat(QUERY_LIMITS.maxBodyBytes + 1)));
    expect(response.status).toBe(413);
    expect(request).toMatchObject({ operation: '(none)', ClientErrors: 1 });
    expect(errors.map((line: Line) => line.code)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('a query over the DynamoDB budget: refused, with the estimate it was refused for', async () => {
    const aliases = Array.from({ length: 15 }, (_, i) => `s${i}: staleCustomers(stage: "ONBOARDING", first: 1) { totalCount }`).join(' ');
    const { request, errors } = await metricsOf(() => api.graphql(`{ ${aliases} }`));
    expect(errors.map((line: Line) => line.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(request.QueryCost).toBeGreaterThan(QUERY_LIMITS.maxDynamoDbRequests);
    expect(request.DynamoDBRequests).toBe(0);
  });
});

describe('a fault of ours', () => {
  it('counts as a fault under the request id the client is given', async () => {
    const broken = await startApi({ TABLE_NAME: 'no-such-table' });
    const before = broken.metricLines.length;
    const response = await broken.graphql(`{ lifecycleMap { id } }`);
    const error = response.json.errors[0];
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    const [request, ...errors]: Line[] = broken.metricLines.slice(before);
    expect(request).toMatchObject({ operation: 'lifecycleMap', Faults: 1, ClientErrors: 0, requestId: error.extensions.requestId });
    expect(errors.map((line) => line.code)).toEqual(['INTERNAL_SERVER_ERROR']);
  });
});

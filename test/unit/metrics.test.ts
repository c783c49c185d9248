import { parse, type OperationDefinitionNode } from 'graphql';
import { countIdempotentReplay, countStaleRetry, withRequestCounters } from '../../src/app/requestCounters';
import { rootFieldOf } from '../../src/graphql/requestOutcome';
import { createRequestMetricsPublisher, type RequestMetrics } from '../../src/metrics';
import { capacityOf, emptyUsage } from '../../src/store/usage';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- EMF lines are read as free JSON
type Line = any;

function publisher() {
  const lines: Line[] = [];
  const publish = createRequestMetricsPublisher({ namespace: 'LifecycleMap', service: 'lifecycle-map-unit' }, (line) =>
    lines.push(JSON.parse(line)),
  );
  return { lines, publish };
}

const aRequest = (overrides: Partial<RequestMetrics> = {}): RequestMetrics => ({
  requestId: 'lambda-1',
  apiRequestId: 'gw-1',
  operation: 'recordTouchpoint',
  status: 200,
  latencyMs: 12.5,
  errorCodes: [],
  queryCost: 7,
  dynamodb: { ...emptyUsage(), requests: 3, readCapacityUnits: 1.5, writeCapacityUnits: 4 },
  counters: { idempotentReplays: 0, staleRetries: 0 },
  ...overrides,
});

const operationOf = (document: string) => rootFieldOf(parse(document).definitions[0] as OperationDefinitionNode);

describe('request metrics', () => {
  it('writes one EMF line per request in one namespace, by service and operation and by service alone', () => {
    const { lines, publish } = publisher();
    publish(aRequest());
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line._aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({ Namespace: 'LifecycleMap', Dimensions: [['service', 'operation'], ['service']] }),
    ]);
    expect(line).toMatchObject({
      service: 'lifecycle-map-unit',
      operation: 'recordTouchpoint',
      requestId: 'lambda-1',
      apiRequestId: 'gw-1',
      Requests: 1,
      Latency: 12.5,
      Faults: 0,
      ClientErrors: 0,
      QueryCost: 7,
      DynamoDBRequests: 3,
      DynamoDBReadCapacityUnits: 1.5,
      DynamoDBWriteCapacityUnits: 4,
    });
    const units = Object.fromEntries(
      line._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string; Unit: string }) => [m.Name, m.Unit]),
    );
    expect(units).toMatchObject({ Requests: 'Count', Latency: 'Milliseconds', DynamoDBWriteCapacityUnits: 'Count' });
  });

  it('counts a fault, an UNAVAILABLE, a client error and each error code on a line of its own', () => {
    const { lines, publish } = publisher();
    publish(aRequest({ errorCodes: ['CONFLICT'] }));
    publish(aRequest({ errorCodes: ['INTERNAL_SERVER_ERROR', 'BAD_USER_INPUT', 'BAD_USER_INPUT'] }));
    publish(aRequest({ status: 500, errorCodes: [] }));
    publish(aRequest({ status: 503, errorCodes: ['UNAVAILABLE'] }));
    const requests = lines.filter((line) => 'Requests' in line);
    expect(requests.map((line) => [line.Faults, line.Unavailable, line.ClientErrors, line.Conflicts])).toEqual([
      [0, 0, 1, 1],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
    const errors = lines.filter((line) => 'Errors' in line);
    expect(errors.map((line) => [line.operation, line.code, line.Errors])).toEqual([
      ['recordTouchpoint', 'CONFLICT', 1],
      ['recordTouchpoint', 'INTERNAL_SERVER_ERROR', 1],
      ['recordTouchpoint', 'BAD_USER_INPUT', 2],
      ['recordTouchpoint', 'UNAVAILABLE', 1],
    ]);
    expect(errors[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'operation', 'code']]);
  });

  it('reports the replays and stale retries the use cases counted in their request, and only theirs', async () => {
    const { counters } = await withRequestCounters(async () => {
      countIdempotentReplay();
      countStaleRetry();
      countStaleRetry();
    });
    countStaleRetry();
    const { lines, publish } = publisher();
    publish(aRequest({ counters }));
    expect(lines[0]).toMatchObject({ IdempotentReplays: 1, StaleRetries: 2 });
  });

  it('leaves out the query cost when no cost was computed', () => {
    const { lines, publish } = publisher();
    publish(aRequest({ queryCost: undefined }));
    expect(lines[0]).not.toHaveProperty('QueryCost');
  });
});

describe('the operation dimension', () => {
  it.each([
    ['mutation M { recordTouchpoint(input: {}) { touchpoint { id } } }', 'recordTouchpoint'],
    ['{ customers { totalCount } }', 'customers'],
    ['{ __typename a: customer(id: "1") { id } b: customer(id: "2") { id } }', 'customer'],
    ['{ ... on Query { insights { from } } }', 'insights'],
    ['{ lifecycleMap { id } customers { totalCount } }', '(several)'],
    ['{ ...F } fragment F on Query { lifecycleMap { id } }', '(several)'],
    ['{ __typename }', '(none)'],
  ])('of %s is %s', (document, operation) => {
    expect(operationOf(document)).toBe(operation);
  });
});

describe('capacity units of a DynamoDB answer', () => {
  it.each([
    ['GetItem', { CapacityUnits: 0.5 }, { read: 0.5, write: 0 }],
    ['TransactWriteItems', { CapacityUnits: 6 }, { read: 0, write: 6 }],
    ['BatchGetItem', [{ CapacityUnits: 3 }, { CapacityUnits: 1 }], { read: 4, write: 0 }],
    ['TransactWriteItems', { CapacityUnits: 7, ReadCapacityUnits: 1, WriteCapacityUnits: 6 }, { read: 1, write: 6 }],
    ['Query', undefined, { read: 0, write: 0 }],
  ])('%s answering %j is %j', (command, consumed, units) => {
    expect(capacityOf(command, consumed)).toEqual(units);
  });
});

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { loadProjectorConfig } from '../../src/config';
import { createProjectorHandler } from '../../src/projectorHandler';
import { startApi } from '../support/api';
import { testEndpoint } from '../support/dynamodb';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- EMF lines are read as free JSON
type Line = any;

describe("the projector's metrics", () => {
  it('one EMF line per stream batch: records projected and failed, lag, latency and DynamoDB use', async () => {
    const api = await startApi();
    const created = await api.graphql(`mutation { createCustomer(input: { externalId: "p-1", name: "Ada" }) { customer { id } } }`);
    const id = created.json.data.createCustomer.customer.id as string;
    const bought = await api.graphql(
      `mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: MARKETING, channel: WEB, kind: PURCHASE, revenue: 10 }) { touchpoint { id } } }`,
      { id },
    );
    expect(bought.json.errors).toBeUndefined();

    // The stream records Lambda would hand over: the new facts, as inserted, written 3 seconds ago.
    const { Items: items = [] } = await api.table.client.send(
      new QueryCommand({
        TableName: api.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${id}` },
        ConsistentRead: true,
      }),
    );
    const facts = items.filter((item) => 'gsi6pk' in item);
    expect(facts.length).toBeGreaterThanOrEqual(2);
    const writtenAt = Math.floor(Date.now() / 1000) - 3;
    const event = {
      Records: facts.map((item, i) => ({
        eventName: 'INSERT',
        dynamodb: {
          NewImage: marshall(item),
          SequenceNumber: String(1000 + i),
          ApproximateCreationDateTime: writtenAt,
        },
      })),
    } as unknown as DynamoDBStreamEvent;

    const lines: Line[] = [];
    const projector = createProjectorHandler(
      loadProjectorConfig({ STAGE: 'test', TABLE_NAME: api.table.tableName, DYNAMODB_ENDPOINT: testEndpoint() }),
      { logDestination: { write: () => undefined }, metricsDestination: (line) => void lines.push(JSON.parse(line)) },
    );
    const response = await projector(event);

    expect(response.batchItemFailures).toEqual([]);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'LifecycleMap',
      Dimensions: [['service', 'operation'], ['service']],
    });
    expect(line).toMatchObject({
      service: 'lifecycle-map-test',
      operation: '(projector)',
      Batches: 1,
      RecordsProjected: facts.length,
      RecordsFailed: 0,
    });
    expect(line.ProjectionLag).toBeGreaterThanOrEqual(3000);
    expect(line.Latency).toBeGreaterThan(0);
    expect(line.DynamoDBRequests).toBeGreaterThan(0);
    expect(line.DynamoDBWriteCapacityUnits).toBeGreaterThan(0);
  });
});

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { loadWebhooksConfig } from '../../src/config';
import type { Item } from '../../src/store/items';
import { createDispatcherHandler, createPublisherHandler } from '../../src/webhooksHandler';
import { startApi, type TestApi } from '../support/api';
import { testEndpoint } from '../support/dynamodb';
import { startReceiver, webhookRig } from '../support/webhooks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- EMF lines are read as free JSON
type Line = any;

// The Lambda handlers as deployed, given what the event source mapping and the schedule hand them.
let api: TestApi;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const lines: Line[] = [];
const options = { logDestination: { write: () => undefined }, metricsDestination: (line: string) => void lines.push(JSON.parse(line)) };
const context = { getRemainingTimeInMillis: () => 30_000 };

beforeAll(async () => {
  api = await startApi();
  receiver = await startReceiver();
  const subscribed = await api.graphql(
    'mutation($url: String!) { createWebhookSubscription(input: { url: $url, eventTypes: ["customer.created"] }) { secret } }',
    { url: receiver.url },
  );
  expect(subscribed.json.errors).toBeUndefined();
});
afterAll(() => receiver.close());

const config = () => loadWebhooksConfig({ STAGE: 'test', TABLE_NAME: api.table.tableName, DYNAMODB_ENDPOINT: testEndpoint() });

/** The stream records Lambda would hand over for these items, as inserted. */
const streamEvent = (items: Item[]) =>
  ({
    Records: items.map((item, i) => ({ eventName: 'INSERT', dynamodb: { NewImage: marshall(item), SequenceNumber: String(100 + i) } })),
  }) as unknown as DynamoDBStreamEvent;

async function transitionsOf(customerId: string): Promise<Item[]> {
  const { Items: items = [] } = await api.table.client.send(
    new QueryCommand({
      TableName: api.table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
      ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':t': 'TRANSITION#' },
      ConsistentRead: true,
    }),
  );
  return items;
}

describe('the webhook functions', () => {
  it('the publisher publishes a stream batch and sends it at once; the same batch again sends nothing more', async () => {
    const created = await api.graphql('mutation { createCustomer(input: { externalId: "h-1", name: "Ada" }) { customer { id } } }');
    const event = streamEvent(await transitionsOf(created.json.data.createCustomer.customer.id));
    const publish = createPublisherHandler(config(), options);

    expect(await publish(event, context)).toEqual({ batchItemFailures: [] });
    expect(receiver.received).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ operation: '(webhooks)', WebhookEvents: 1, WebhookDeliveriesMade: 1, WebhookAttempts: 1, WebhookDelivered: 1, WebhookDeliveriesEnded: 0 });

    expect(await publish(event, context)).toEqual({ batchItemFailures: [] });
    expect(receiver.received).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ WebhookEvents: 1, WebhookDeliveriesMade: 0, WebhookAttempts: 0 });
  });

  it('the publisher reports the whole batch failed when it cannot publish it, so Lambda retries it', async () => {
    const created = await api.graphql('mutation { createCustomer(input: { externalId: "h-2", name: "Ada" }) { customer { id } } }');
    const [transition] = await transitionsOf(created.json.data.createCustomer.customer.id);
    const orphan = { ...transition, pk: 'CUSTOMER#cus_missing', customerId: 'cus_missing', id: 'trn_orphan' };
    const response = await createPublisherHandler(config(), options)(streamEvent([transition as Item, orphan]), context);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['100', '101']);
  });

  it('the scheduled dispatcher sends what is due, then, with nothing due, sends nothing and writes no metrics', async () => {
    // The stream read again from its start: the delivery of h-2's creation, which the failed batch did not make.
    const rig = webhookRig(api.table);
    expect(await rig.publish()).toBeGreaterThan(0);
    rig.close();
    const dispatch = createDispatcherHandler(config(), options);
    const before = receiver.received.length;
    await dispatch({}, context);
    expect(receiver.received).toHaveLength(before + 1);
    expect(JSON.parse(receiver.received.at(-1)?.body ?? '{}').data.externalId).toBe('h-2');
    expect(lines.at(-1)).toMatchObject({ WebhookAttempts: 1, WebhookDelivered: 1 });

    const linesBefore = lines.length;
    await dispatch({}, context);
    expect(receiver.received).toHaveLength(before + 1);
    expect(lines).toHaveLength(linesBefore);
  });
});

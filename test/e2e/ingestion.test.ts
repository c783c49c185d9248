import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startApi, type TestApi } from '../support/api';

let api: TestApi;
beforeEach(async () => {
  api = await startApi();
});

const TOUCH = `mutation($input: RecordTouchpointInput!) {
  recordTouchpoint(input: $input) { touchpoint { id kind } customer { id stage { key } latestScore } transition { from { key } to { key } } } }`;
const BATCH = `mutation($input: RecordTouchpointsInput!) {
  recordTouchpoints(input: $input) {
    recorded failed
    results { index ok touchpoint { id kind score customer { externalId } } transition { from { key } to { key } automatic } error { code field message } }
  } }`;

async function create(externalId: string, mapId?: string): Promise<string> {
  const response = await api.graphql(
    `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`,
    { input: { externalId, name: `Customer ${externalId}`, ...(mapId ? { mapId } : {}) } },
  );
  expect(response.json.errors).toBeUndefined();
  return response.json.data.createCustomer.customer.id;
}

const item = (extra: Record<string, unknown>) => ({ team: 'MARKETING', channel: 'EMAIL', kind: 'CAMPAIGN', campaign: 'Spring', ...extra });

async function touchpointCount(customerId: string): Promise<number> {
  const response = await api.graphql(`query($id: ID!) { customer(id: $id) { touchpoints(first: 100) { totalCount } } }`, { id: customerId });
  return response.json.data.customer.touchpoints.totalCount;
}

/** Counts the DynamoDB requests the handler sends while `work` runs, by operation. */
async function countingRequests<T>(work: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const requests: string[] = [];
  const smithy = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => unknown };
  const original = smithy.send;
  smithy.send = function (this: unknown, command: { constructor: { name: string } }, ...rest: unknown[]) {
    // lib-dynamodb's commands are named without "Item": BatchGet is BatchGetItem.
    requests.push(command.constructor.name.replace(/Command$/, '').replace(/^(BatchGet|TransactWrite|Get|Put|Update)$/, '$1Item').replace('TransactWriteItem', 'TransactWriteItems'));
    return original.call(this, command, ...rest);
  } as typeof smithy.send;
  try {
    return { result: await work(), requests };
  } finally {
    smithy.send = original;
  }
}

describe('external ids', () => {
  it('finds a customer by its externalId in a map, and answers null for one nobody holds', async () => {
    const id = await create('crm-1');
    const found = await api.graphql(`{ customerByExternalId(externalId: "crm-1") { id externalId } }`, {}, { role: 'viewer' });
    expect(found.json.data.customerByExternalId).toEqual({ id, externalId: 'crm-1' });
    const none = await api.graphql(`{ customerByExternalId(externalId: "crm-2") { id } }`);
    expect(none.json.data.customerByExternalId).toBeNull();
    const badMap = await api.graphql(`{ customerByExternalId(mapId: "nope", externalId: "crm-1") { id } }`);
    expect(badMap.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mapId' });
  });

  it('records a touchpoint by externalId instead of customerId', async () => {
    const id = await create('crm-7');
    const response = await api.graphql(TOUCH, { input: item({ externalId: 'crm-7', kind: 'PURCHASE', campaign: null }) });
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.recordTouchpoint.customer).toEqual({ id, stage: { key: 'ONBOARDING' }, latestScore: null });
  });

  it('needs exactly one of customerId and externalId, and names the field; an unknown externalId is NOT_FOUND', async () => {
    const id = await create('crm-8');
    const both = await api.graphql(TOUCH, { input: item({ customerId: id, externalId: 'crm-8' }) });
    expect(both.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.externalId' });
    const neither = await api.graphql(TOUCH, { input: item({}) });
    expect(neither.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.customerId' });
    const unknown = await api.graphql(TOUCH, { input: item({ externalId: 'nobody' }) });
    expect(unknown.json.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.externalId' });
    expect(await touchpointCount(id)).toBe(0);
  });
});

describe('recordTouchpoints', () => {
  it('records a batch in input order; a bad item fails alone with the single mutation code and its field', async () => {
    const a = await create('a');
    const b = await create('b');
    const items = [
      item({ externalId: 'a', kind: 'PURCHASE', campaign: null, revenue: 100 }),
      item({ externalId: 'a', kind: 'FEEDBACK', campaign: null, score: 3, team: 'MARKETING' }),
      item({ customerId: b }),
      item({ customerId: b, score: 11 }),
      item({ customerId: b, team: 'OPERATIONS' }),
      item({ externalId: 'nobody' }),
      item({ customerId: b, kind: 'FEEDBACK', campaign: null, score: 9 }),
    ];
    const response = await api.graphql(BATCH, { input: { items } }, { role: 'marketing' });
    expect(response.json.errors).toBeUndefined();
    const payload = response.json.data.recordTouchpoints;
    expect(payload).toMatchObject({ recorded: 4, failed: 3 });
    expect(payload.results.map((r: { index: number; ok: boolean }) => [r.index, r.ok])).toEqual([
      [0, true], [1, true], [2, true], [3, false], [4, false], [5, false], [6, true],
    ]);
    // Items of one customer apply in input order: the purchase makes A a customer, then its low score puts it at risk.
    expect(payload.results[0].transition).toEqual({ from: { key: 'PROSPECT' }, to: { key: 'ONBOARDING' }, automatic: true });
    expect(payload.results[1].transition).toEqual({ from: { key: 'ONBOARDING' }, to: { key: 'AT_RISK' }, automatic: true });
    expect(payload.results[3].error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.items[3].score' });
    expect(payload.results[4].error).toMatchObject({ code: 'FORBIDDEN', field: 'input.items[4].team' });
    expect(payload.results[5].error).toMatchObject({ code: 'NOT_FOUND', field: 'input.items[5].externalId' });
    expect(payload.results[0].touchpoint.customer).toEqual({ externalId: 'a' });
    expect(await touchpointCount(a)).toBe(2);
    expect(await touchpointCount(b)).toBe(2);
    const customers = await api.graphql(`query($a: ID!, $b: ID!) { a: customer(id: $a) { stage { key } latestScore } b: customer(id: $b) { latestScore band { key } } }`, { a, b });
    expect(customers.json.data).toEqual({ a: { stage: { key: 'AT_RISK' }, latestScore: 3 }, b: { latestScore: 9, band: { key: 'EXCEPTIONAL' } } });
  });

  it('refuses more than 100 items, or none, as a whole, writing nothing', async () => {
    const id = await create('c');
    for (const count of [0, 101]) {
      const response = await api.graphql(BATCH, { input: { items: Array.from({ length: count }, () => item({ customerId: id })) } });
      expect(response.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.items' });
    }
    expect(await touchpointCount(id)).toBe(0);
  });

  it('refuses a body over the size limit with 413, writing nothing', async () => {
    const id = await create('d');
    // 2,000 three-byte characters a note: 100 of them are over 256 KiB.
    const note = '€'.repeat(2000);
    const items = Array.from({ length: 100 }, () => item({ customerId: id, note }));
    const response = await api.send(JSON.stringify({ query: BATCH, variables: { input: { items } } }));
    expect(response.status).toBe(413);
    expect(response.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await touchpointCount(id)).toBe(0);
  });

  it('replays an idempotency key across single and batch calls; other content under the key is CONFLICT', async () => {
    const id = await create('e');
    const single = await api.graphql(TOUCH, { input: item({ customerId: id, idempotencyKey: 'k1' }) });
    const batch = await api.graphql(BATCH, {
      input: {
        items: [
          item({ customerId: id, idempotencyKey: 'k1' }),
          item({ customerId: id, idempotencyKey: 'k1', campaign: 'Autumn' }),
          item({ customerId: id, idempotencyKey: 'k2' }),
          item({ customerId: id, idempotencyKey: 'k2' }),
          item({ customerId: id, idempotencyKey: 'k2', campaign: 'Winter' }),
        ],
      },
    });
    const results = batch.json.data.recordTouchpoints.results;
    expect(results[0].touchpoint.id).toBe(single.json.data.recordTouchpoint.touchpoint.id);
    expect(results[1].error).toMatchObject({ code: 'CONFLICT', field: 'input.items[1].idempotencyKey' });
    expect(results[3].touchpoint.id).toBe(results[2].touchpoint.id);
    expect(results[4].error).toMatchObject({ code: 'CONFLICT', field: 'input.items[4].idempotencyKey' });
    // The whole batch sent again, as a tool does after a timeout: the same answers, nothing more written.
    const again = await api.graphql(BATCH, {
      input: { items: [item({ customerId: id, idempotencyKey: 'k2' }), item({ customerId: id, idempotencyKey: 'k1' })] },
    });
    expect(again.json.data.recordTouchpoints.results.map((r: { touchpoint: { id: string } }) => r.touchpoint.id)).toEqual([
      results[2].touchpoint.id,
      results[0].touchpoint.id,
    ]);
    expect(await touchpointCount(id)).toBe(2);
  });

  it('writes a single touchpoint with one read and one transaction, and 100 over 100 customers in a few requests', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push(await create(`bulk-${i}`));
    const single = await countingRequests(() =>
      api.graphql(`mutation($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { touchpoint { id } } }`, { input: item({ customerId: ids[0] }) }),
    );
    expect(single.result.json.errors).toBeUndefined();
    expect(single.requests).toEqual(['BatchGetItem', 'TransactWriteItems']);
    const batch = await countingRequests(() =>
      api.graphql(`mutation($input: RecordTouchpointsInput!) { recordTouchpoints(input: $input) { recorded } }`, {
        input: { items: ids.map((_, i) => item({ externalId: `bulk-${i}`, idempotencyKey: `bulk-${i}` })) },
      }),
    );
    expect(batch.result.json.data.recordTouchpoints.recorded).toBe(100);
    // The 100 claims in one BatchGetItem, the 100 customers and the map in two; 200 items (touchpoint and
    // idempotency record each) in two transactions: 5 requests, 0.05 a touchpoint.
    expect(batch.requests.filter((name) => name === 'BatchGetItem')).toHaveLength(3);
    expect(batch.requests.filter((name) => name === 'TransactWriteItems')).toHaveLength(2);
    expect(batch.requests).toHaveLength(5);
  });

  it('writes 100 items of one customer in input order in as few transactions as the item limit allows', async () => {
    const id = await create('one');
    const items = Array.from({ length: 100 }, (_, i) =>
      item({ customerId: id, kind: 'FEEDBACK', campaign: null, score: 6 + (i % 5), idempotencyKey: `one-${i}` }),
    );
    const { result, requests } = await countingRequests(() => api.graphql(BATCH, { input: { items } }));
    expect(result.json.data.recordTouchpoints).toMatchObject({ recorded: 100, failed: 0 });
    // Each item writes its touchpoint, its score and its key's record: 300 items, 30 to a transaction (of 100).
    expect(requests.filter((name) => name === 'TransactWriteItems')).toHaveLength(4);
    const ids = result.json.data.recordTouchpoints.results.map((r: { touchpoint: { id: string } }) => r.touchpoint.id);
    const stored = await api.graphql(`query($id: ID!) { customer(id: $id) { latestScore touchpoints(first: 100) { edges { node { id } } } } }`, { id });
    expect(stored.json.data.customer.touchpoints.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(ids);
    expect(stored.json.data.customer.latestScore).toBe(6 + (99 % 5));
  });

  it('answers 200 scored touchpoints sent at once to one customer, every one, with no retry', async () => {
    const id = await create('burst');
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        api.graphql(TOUCH, { input: item({ customerId: id, kind: 'FEEDBACK', campaign: null, score: 8, idempotencyKey: `burst-${i}` }) }),
      ),
    );
    expect(responses.filter((response) => response.json.errors === undefined)).toHaveLength(200);
    expect(await touchpointCount(id)).toBe(200);
  });
});

describe('insights freshness', () => {
  it('says up to when facts are counted: the oldest waiting fact until the projector catches up, then now', async () => {
    await create('f');
    const recordedAt = api.table.clock.now().toISOString();
    api.table.clock.advance(60_000);
    const before = await api.graphql(`{ insights { asOf transitions { count } } }`);
    expect(before.json.data.insights).toEqual({ asOf: recordedAt, transitions: [] });
    await api.table.project();
    const after = await api.graphql(`{ insights { asOf transitions { count } } }`);
    expect(after.json.data.insights).toEqual({ asOf: api.table.clock.now().toISOString(), transitions: [{ count: 1 }] });
  });
});

describe('faults', () => {
  /** Makes every request of the named operation fail with `error` (after the first `pass` of them). */
  function failing(operation: string, error: () => Error, pass = 0) {
    const calls: string[] = [];
    return {
      calls,
      configureClient: (client: DynamoDBDocumentClient) =>
        client.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName !== `${operation}Command`) return next(args);
            calls.push(operation);
            if (calls.length > pass) throw error();
            return next(args);
          },
          { step: 'finalizeRequest', priority: 'low', name: 'faultInjection' },
        ),
    };
  }
  const named = (name: string, extra: Record<string, unknown> = {}) => () => Object.assign(new Error(name), { name, $metadata: {}, ...extra });

  it('answers UNAVAILABLE with HTTP 503 and Retry-After when DynamoDB keeps throttling, never CONFLICT', async () => {
    const fault = failing('TransactWriteItems', named('ThrottlingException', { $retryable: { throttling: true } }));
    api = await startApi({}, fault);
    const id = await create('g').catch(() => null);
    expect(id).toBeNull();
    const response = await api.graphql(`mutation { createCustomer(input: { externalId: "h", name: "H" }) { customer { id } } }`);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json.errors[0].extensions.code).toBe('UNAVAILABLE');
    expect(fault.calls.length).toBeGreaterThan(4);
  }, 30_000);

  it('asks unprocessed BatchGetItem keys again only until the deadline, then answers UNAVAILABLE', async () => {
    let asked = 0;
    api = await startApi({}, {
      configureClient: (client) =>
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const result = await next(args);
            if (context.commandName !== 'BatchGetItemCommand') return result;
            // DynamoDB sheds load by leaving keys unprocessed: here, every key of every request.
            asked++;
            const output = result.output as { Responses?: unknown; UnprocessedKeys?: unknown };
            const requested = (args.input as { RequestItems: Record<string, { Keys: Record<string, unknown>[] }> }).RequestItems;
            // Requests here are already in DynamoDB's attribute-value form; responses already in plain values.
            output.UnprocessedKeys = Object.fromEntries(
              Object.entries(requested).map(([table, request]) => [table, { ...request, Keys: request.Keys.map((key) => unmarshall(key as Record<string, AttributeValue>)) }]),
            );
            output.Responses = {};
            return result;
          },
          { step: 'finalizeRequest', priority: 'low', name: 'unprocessed' },
        ),
    });
    const response = await api.graphql(`{ lifecycleMap { stages { key customerCount } } }`);
    expect(response.status).toBe(503);
    expect(response.json.errors[0].extensions.code).toBe('UNAVAILABLE');
    // Asked again and again, then given up at the deadline (the handler's remaining time less 1.5 s): it answers.
    expect(asked).toBeGreaterThan(3);
  }, 60_000);

  it('treats a ValidationException as a fault: not retried, logged with the request id the client sees', async () => {
    const fault = failing('TransactWriteItems', named('ValidationException'));
    api = await startApi({}, fault);
    const response = await api.graphql(`mutation { createCustomer(input: { externalId: "v", name: "V" }) { customer { id } } }`);
    expect(response.json.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(fault.calls).toHaveLength(1);
    const requestId = response.json.errors[0].extensions.requestId ?? api.logLines.find((line) => line['level'] === 'error')?.['requestId'];
    expect(api.logLines.some((line) => line['level'] === 'error' && line['requestId'] === requestId && requestId !== undefined)).toBe(true);
  });

  it('answers success when the SDK retries a transaction that had committed (ClientRequestToken)', async () => {
    // The first attempt reaches DynamoDB and commits; its answer is lost, so the SDK sends the same request again.
    let lost = false;
    api = await startApi({}, {
      configureClient: (client) =>
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const result = await next(args);
            if (context.commandName === 'TransactWriteItemsCommand' && !lost) {
              lost = true;
              throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
            }
            return result;
          },
          { step: 'finalizeRequest', priority: 'low', name: 'lostAnswer' },
        ),
    });
    const response = await api.graphql(`mutation { createCustomer(input: { externalId: "once", name: "Once" }) { customer { id externalId } } }`);
    expect(lost).toBe(true);
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.createCustomer.customer.externalId).toBe('once');
    const found = await api.graphql(`{ customers(first: 10) { totalCount } }`);
    expect(found.json.data.customers.totalCount).toBe(1);
  });

  it('answers two identical moves with the same key at once with the same transition', async () => {
    const id = await create('twin');
    const move = `mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ONBOARDING", team: MARKETING, idempotencyKey: "twin" }) { transition { id } customer { version } } }`;
    const [one, two] = await Promise.all([api.graphql(move, { id }), api.graphql(move, { id })]);
    expect(one.json.errors).toBeUndefined();
    expect(two.json.data).toEqual(one.json.data);
    const journey = await api.graphql(`query($id: ID!) { customer(id: $id) { journey { id } } }`, { id });
    expect(journey.json.data.customer.journey).toHaveLength(2);
  });

  it('keeps idempotency keys apart by caller and by operation', async () => {
    const id = await create('sep');
    const touch = (role: 'marketing' | 'admin') =>
      api.graphql(TOUCH, { input: item({ customerId: id, idempotencyKey: 'same' }) }, { role });
    const mine = await touch('marketing');
    const theirs = await touch('admin');
    expect(theirs.json.data.recordTouchpoint.touchpoint.id).not.toBe(mine.json.data.recordTouchpoint.touchpoint.id);
    const moved = await api.graphql(
      `mutation($id: ID!) { advanceCustomer(input: { customerId: $id, toStage: "ONBOARDING", team: MARKETING, idempotencyKey: "same" }) { customer { stage { key } } } }`,
      { id },
      { role: 'marketing' },
    );
    expect(moved.json.data.advanceCustomer.customer.stage.key).toBe('ONBOARDING');
    expect(await touchpointCount(id)).toBe(2);
  });
});

// Benchmark: the DynamoDB capacity each operation consumes, as DynamoDB reports it (ReturnConsumedCapacity: INDEXES,
// set on every request the handler sends), and what a million of each costs on on-demand pricing. Through the real
// handler on DynamoDB Local, 2,000 customers loaded. Run: npm run bench:capacity (about a minute).
import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { StreamTail, drainStream } from '../scripts/lib/localProjector';
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { MAP_CACHE_DEFAULTS } from '../src/app/mapCache';
import { createLogger } from '../src/log';
import { stageCounterKey } from '../src/store/keys';
import { ProjectionStore } from '../src/store/projection';
import { NOW, population } from './population';
import { LifecycleStore } from '../src/store/lifecycleStore';
import { bulkWrite, startBenchStack, type BenchStack } from './support';

/** On-demand prices in us-east-1 (USD per million request units) since the price cut of November 2024. */
const PRICE = { readRequestUnit: 0.125, writeRequestUnit: 0.625 };
const CUSTOMERS = 2_000;

const consumed = { reads: 0, writes: 0, requests: 0, missingKeys: 0 };
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWrite', 'TransactWrite']);
// The projector's reads of the table's stream: Lambda's event source mapping reads it at no charge.
const STREAM_READS = new Set(['DescribeStream', 'GetShardIterator', 'GetRecords', 'DescribeTable']);

interface KeysAndAttributes {
  Keys?: unknown[];
  ConsistentRead?: boolean;
}

/**
 * DynamoDB Local reports nothing for a key a BatchGetItem does not find; DynamoDB bills it as a GetItem of a missing
 * item, 0.5 read units (1 when consistent). Added here, so the figures are what AWS would charge.
 */
function missingKeyUnits(input: Record<string, unknown>, output: Record<string, unknown>): { keys: number; units: number } {
  const requested = (input['RequestItems'] ?? {}) as Record<string, KeysAndAttributes>;
  const found = (output['Responses'] ?? {}) as Record<string, unknown[]>;
  const unprocessed = (output['UnprocessedKeys'] ?? {}) as Record<string, KeysAndAttributes>;
  let keys = 0;
  let units = 0;
  for (const [table, request] of Object.entries(requested)) {
    const missing =
      (request.Keys?.length ?? 0) - (found[table]?.length ?? 0) - (unprocessed[table]?.Keys?.length ?? 0);
    keys += missing;
    units += missing * (request.ConsistentRead ? 1 : 0.5);
  }
  return { keys, units };
}

/**
 * DynamoDB Local reports 2 units for any TransactWriteItems, however many items it writes. DynamoDB bills 2 write
 * units per item and started KB: counted so here (an item's size taken as its JSON), index writes left out, so
 * a transaction's figure is a lower bound.
 */
function transactionUnits(input: Record<string, unknown>): number {
  const items = (input['TransactItems'] ?? []) as Record<string, { Item?: unknown }>[];
  return items.reduce((sum, item) => {
    const put = item['Put']?.Item;
    const bytes = put === undefined ? 0 : JSON.stringify(put).length;
    return sum + 2 * Math.max(1, Math.ceil(bytes / 1024));
  }, 0);
}

// Every request the handler sends asks DynamoDB what it consumed (tables and indexes); the answers are summed.
const smithyClient = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => Promise<unknown> };
const send = smithyClient.send;
smithyClient.send = async function capacitySend(
  this: unknown,
  command: { input?: Record<string, unknown>; constructor: { name: string } },
  ...rest: unknown[]
) {
  const operation = command.constructor.name.replace(/Command$/, '').replace(/^(Get|Put|Update|Delete)$/, '$1Item');
  if (command.input) command.input['ReturnConsumedCapacity'] = 'INDEXES';
  const output = (await send.call(this, command, ...rest)) as Record<string, unknown>;
  if (STREAM_READS.has(operation)) return output;
  consumed.requests++;
  let units = [(output['ConsumedCapacity'] ?? []) as ConsumedCapacity | ConsumedCapacity[]]
    .flat()
    .reduce((sum, capacity) => sum + (capacity.CapacityUnits ?? 0), 0);
  if (operation === 'TransactWrite' && command.input) units = transactionUnits(command.input);
  if (operation.startsWith('BatchGet') && command.input) {
    const missing = missingKeyUnits(command.input, output);
    consumed.missingKeys += missing.keys;
    units += missing.units;
  }
  if (WRITES.has(operation)) consumed.writes += units;
  else consumed.reads += units;
  return output;
} as typeof smithyClient.send;

interface Consumed {
  requests: number;
  reads: number;
  writes: number;
  missingKeys: number;
}

interface Row extends Consumed {
  operation: string;
  /** What the stream projector then spends counting the facts the operation wrote. */
  projector: Consumed;
}

/**
 * The operation through the handler, then the projector over what it wrote, each measured on its own; divided by
 * `per` for an operation that carries that many (a batch).
 */
async function measure(rows: Row[], operation: string, run: () => Promise<unknown>, project: () => Promise<unknown>, per: number) {
  const reset = () => Object.assign(consumed, { reads: 0, writes: 0, requests: 0, missingKeys: 0 });
  const share = (c: Consumed): Consumed => ({
    requests: c.requests / per,
    reads: c.reads / per,
    writes: c.writes / per,
    missingKeys: c.missingKeys / per,
  });
  reset();
  await run();
  const own = share(consumed);
  reset();
  await project();
  rows.push({ operation, ...own, projector: share(consumed) });
}

async function ask(stack: BenchStack, query: string): Promise<Record<string, unknown>> {
  const response = await stack.graphql(query);
  if (response.json.errors) throw new Error(`${query}: ${JSON.stringify(response.json.errors)}`);
  return response.json.data as Record<string, unknown>;
}

async function main(): Promise<void> {
  let now = NOW.getTime();
  const stack = await startBenchStack(() => new Date(now));
  try {
    await stack.graphql('{ __typename }');
    await new LifecycleStore(stack.client, stack.tableName).putMap(DEFAULT_MAP);
    const { items, counts } = population(0, CUSTOMERS);
    await bulkWrite(stack.client, stack.tableName, items);
    await bulkWrite(
      stack.client,
      stack.tableName,
      [...counts].map(([stage, count]) => ({ ...stageCounterKey(DEFAULT_MAP.id, stage, 0), type: 'StageCounter', stage, count })),
    );

    const tail = new StreamTail(stack.dynamodb.endpoint, stack.tableName);
    const store = new LifecycleStore(stack.client, stack.tableName);
    const projector = { store, projection: new ProjectionStore(stack.client, stack.tableName), loadMap: (id: string) => store.getMap(id) };
    const project = () => drainStream(tail, projector, createLogger('silent'));
    await project();

    const rows: Row[] = [];
    const measured = (operation: string, run: () => Promise<unknown>, per = 1) => measure(rows, operation, run, project, per);
    let n = 0;
    const create = async (key: boolean) => {
      const id = ++n;
      const data = await ask(
        stack,
        `mutation { createCustomer(input: { externalId: "cap-${id}", name: "Customer ${id}", email: "c${id}@example.com"` +
          `${key ? `, idempotencyKey: "cap-create-${id}"` : ''} }) { customer { id } } }`,
      );
      return (data['createCustomer'] as { customer: { id: string } }).customer.id;
    };
    const touch = (customerId: string, fields: string) =>
      ask(stack, `mutation { recordTouchpoint(input: { customerId: "${customerId}", ${fields} }) { touchpoint { id } } }`);

    // Writes: each on a customer of its own, so none pays for another's history.
    await measured('createCustomer', () => create(false));
    await measured('createCustomer with idempotencyKey', () => create(true));
    let customer = await create(false);
    await project(); // set-up: its facts are counted here, not charged to the next operation
    await measured('recordTouchpoint, SUPPORT_REQUEST (no related facts)', () =>
      touch(customer, 'team: OPERATIONS, channel: PHONE, kind: SUPPORT_REQUEST'),
    );
    await measured('recordTouchpoint, the same with idempotencyKey', () =>
      touch(customer, 'team: OPERATIONS, channel: PHONE, kind: SUPPORT_REQUEST, idempotencyKey: "cap-tp-1"'),
    );
    await measured('recordTouchpoint, FEEDBACK score 9 (related facts)', () =>
      touch(customer, 'team: OPERATIONS, channel: EMAIL, kind: FEEDBACK, score: 9'),
    );
    customer = await create(false);
    await project();
    await measured('recordTouchpoint, PURCHASE by a prospect (rule moves it)', () =>
      touch(customer, 'team: MARKETING, channel: WEB, kind: PURCHASE, revenue: 480'),
    );
    await measured('advanceCustomer ONBOARDING -> ACTIVE', () =>
      ask(stack, `mutation { advanceCustomer(input: { customerId: "${customer}", toStage: "ACTIVE", team: TRAINING }) { customer { version } } }`),
    );
    const batch: string[] = [];
    for (let i = 0; i < 10; i++) batch.push(await create(false));
    await project();
    await measured(
      'recordTouchpoints, a batch of 10 SUPPORT_REQUEST on 10 customers with idempotencyKey, per touchpoint',
      async () => {
        const data = await ask(
          stack,
          `mutation { recordTouchpoints(input: { items: [${batch
            .map((id, i) => `{ customerId: "${id}", team: OPERATIONS, channel: PHONE, kind: SUPPORT_REQUEST, idempotencyKey: "cap-batch-${i}" }`)
            .join(', ')}] }) { recorded failed results { error { code message } } } }`,
        );
        const { recorded } = data['recordTouchpoints'] as { recorded: number };
        if (recorded !== batch.length) throw new Error(`The batch recorded ${recorded}: ${JSON.stringify(data)}`);
      },
      batch.length,
    );

    // Reads: each once warm (the map in the container's cache), as most requests find it.
    const reads: Record<string, string> = {
      'lifecycleMap with customerCount (warm)': '{ lifecycleMap { stages { key customerCount } } }',
      'customer with journey and 20 touchpoints': `{ customer(id: "${customer}") { name journey { at } touchpoints(first: 20) { edges { node { id } } } } }`,
      'customers(stage: ACTIVE), page of 20 with totalCount': '{ customers(stage: "ACTIVE") { totalCount edges { node { id name } } } }',
      'atRiskCustomers, page of 20 with totalCount': '{ atRiskCustomers { totalCount edges { node { id name } } } }',
      'staleCustomers(ONBOARDING), page of 20': '{ staleCustomers(stage: "ONBOARDING") { edges { node { id name } } } }',
      'openComplaints, page of 20': '{ openComplaints { edges { node { id occurredAt } } } }',
      'unthankedCustomers, page of 20': '{ unthankedCustomers { edges { node { id name } } } }',
      'winBackCandidates, page of 20 with totalCount': '{ winBackCandidates { totalCount edges { node { id name } } } }',
      'insights, 90 days (default window)': '{ insights { transitions { count } spend { revenue } } }',
      'insights, 366 days': `{ insights(from: "${new Date(now - 365 * 86_400_000).toISOString()}") { transitions { count } spend { revenue } } }`,
    };
    for (const [operation, query] of Object.entries(reads)) {
      await ask(stack, query);
      await measured(operation, () => ask(stack, query));
    }
    now += MAP_CACHE_DEFAULTS.revalidateAfterMs;
    await measured('lifecycleMap with customerCount, revalidating the map', () =>
      ask(stack, '{ lifecycleMap { stages { key customerCount } } }'),
    );

    const usd = (c: Consumed) => c.reads * PRICE.readRequestUnit + c.writes * PRICE.writeRequestUnit;
    const units = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2))));
    const lines = [
      `DynamoDB capacity per operation through the handler, ${CUSTOMERS.toLocaleString('en-US')} customers, DynamoDB Local, ` +
        `${new Date().toISOString().slice(0, 10)}; on-demand at $${PRICE.readRequestUnit} per million read and ` +
        `$${PRICE.writeRequestUnit} per million write request units (us-east-1):`,
      '',
      '| operation | requests | read units | write units | then the projector: requests, read, write units | DynamoDB $ per million, projector included | keys read but absent |',
      '|---|---|---|---|---|---|---|',
      ...rows.map(
        ({ projector: p, ...row }) =>
          `| ${row.operation} | ${row.requests} | ${units(row.reads)} | ${units(row.writes)} | ` +
          `${p.requests ? `${p.requests}, ${units(p.reads)}, ${units(p.writes)}` : '-'} | ${(usd(row) + usd(p)).toFixed(2)} | ` +
          `${row.missingKeys + p.missingKeys} |`,
      ),
      '',
      'Read units include 0.5 for each key a BatchGetItem asked for and did not find (unwritten counter shards and ' +
        'insight days), as DynamoDB bills them and DynamoDB Local does not report them. A transaction counts 2 write ' +
        'units per item and started KB (DynamoDB Local reports 2 for any transaction), without its index writes: ' +
        'a lower bound.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    tail.close();
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { StreamTail } from '../../scripts/lib/localProjector';
import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { readInsights } from '../../src/app/insights';
import { factOfItem, projectBatch, type ProjectorServices, type StreamFact } from '../../src/app/projectFacts';
import { recordTouchpoint } from '../../src/app/recordTouchpoints';
import { loadProjectorConfig } from '../../src/config';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { createProjectorHandler } from '../../src/projectorHandler';
import { ProjectionStore } from '../../src/store/projection';
import { aMarketer, aMove, aNewCustomer, aTouchpoint, anAdmin } from '../support/builders';
import { freshTable, testEndpoint, type TestTable } from '../support/dynamodb';

const DAY = 86_400_000;
let table: TestTable;
beforeEach(async () => {
  table = await freshTable();
});

const services = (projection: ProjectionStore = table.services.projection): ProjectorServices => ({
  store: table.store,
  projection,
  loadMap: (id) => table.store.getMap(id),
});
const ignore = () => undefined;

/** A projector whose `nth` write never happens: it dies there, as a Lambda cut off mid-batch does. */
function dyingAt(nth: number): ProjectionStore {
  let commits = 0;
  const dying = new ProjectionStore(table.client, table.tableName);
  const commit = dying.commit.bind(dying);
  dying.commit = async (step) => {
    if (++commits === nth) throw new Error('the projector died');
    return commit(step);
  };
  return dying;
}

/** A history with every kind of fact the figures relate: deliveries, scores, revenue, campaigns and a purchase. */
async function history() {
  const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
  const touch = (extra: Parameters<typeof aTouchpoint>[1]) => recordTouchpoint(table.services, anAdmin, aTouchpoint(customer.id, extra));
  await touch({ team: 'MARKETING', kind: 'CAMPAIGN', campaign: 'Spring', cost: 5 });
  table.clock.advance(3_600_000);
  await touch({ team: 'MARKETING', kind: 'PURCHASE', revenue: 200 });
  table.clock.advance(3_600_000);
  await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ACTIVE'));
  await touch({ kind: 'SERVICE_DELIVERY', cost: 40 });
  table.clock.advance(3_600_000);
  await touch({ kind: 'FEEDBACK', score: 9 });
  await touch({ kind: 'RENEWAL', revenue: 120 });
  return customer.id;
}

const figuresOf = async () => {
  const { asOf: _, ...figures } = await readInsights(table.services, DEFAULT_MAP, {});
  return figures;
};

describe('the stream projector', () => {
  it('counts every fact once when a stream batch is delivered twice', async () => {
    await history();
    const records = await new StreamTail(testEndpoint(), table.tableName).read();
    expect(records.length).toBeGreaterThan(5);
    expect(await projectBatch(services(), records, ignore)).toEqual([]);
    const once = await figuresOf();
    expect(await projectBatch(services(), records, ignore)).toEqual([]);
    expect(await figuresOf()).toEqual(once);
    expect(once.spend).toEqual({ acquisition: 5, retention: 40, revenue: 320 });
    expect(once.feedbackCoverage).toMatchObject({ deliveries: 1, withFeedback: 1 });
    expect(once.campaigns).toMatchObject([{ campaign: 'Spring', prospectsReached: 1, converted: 1, revenue: 200 }]);
    expect(once.revenueByBand.find((row) => row.band?.key === 'EXCEPTIONAL')).toMatchObject({ revenue: 120, touchpoints: 1 });
  });

  it('counts the rest, and nothing twice, when a projector died in the middle of a batch', async () => {
    const first = await history();
    const customerId = await history();
    const records = await new StreamTail(testEndpoint(), table.tableName).read();
    // Dying at its second write, it has counted one customer's facts and not the other's.
    const failed = await projectBatch(services(dyingAt(2)), records, ignore);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(records.filter((record) => factOfItem(record.item)).length);
    expect(await table.services.projection.oldestUnprojected('default')).not.toBeNull();
    // Lambda retries the batch from its first failed record; here, the whole batch again.
    expect(await projectBatch(services(), records, ignore)).toEqual([]);
    expect(await table.services.projection.oldestUnprojected('default')).toBeNull();
    const figures = await figuresOf();
    expect(figures.spend).toEqual({ acquisition: 10, retention: 80, revenue: 640 });
    expect(figures.transitions.reduce((sum, row) => sum + row.count, 0)).toBe(6);
    expect((await table.store.getCustomer(first, true))?.lifetimeRevenue).toBe(320);
    expect((await table.store.getCustomer(customerId, true))?.lifetimeRevenue).toBe(320);
  });

  it('counts in chunks, and finishes after a crash, a late score that re-bands more items than one transaction holds', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ONBOARDING'));
    await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ACTIVE'));
    const start = table.clock.now().getTime() - 120 * 31 * DAY;
    // Revenue in each of 120 months, not yet scored; then a score dated before all of it.
    for (let month = 0; month < 120; month++) {
      await recordTouchpoint(table.services, anAdmin, aTouchpoint(customer.id, { kind: 'RENEWAL', revenue: 10, occurredAt: new Date(start + month * 31 * DAY).toISOString() }));
    }
    await table.project();
    await recordTouchpoint(table.services, anAdmin, aTouchpoint(customer.id, { kind: 'FEEDBACK', score: 9, occurredAt: new Date(start - DAY).toISOString() }));
    const records = await new StreamTail(testEndpoint(), table.tableName).read();
    const late = records.filter((record) => record.item['type'] === 'Touchpoint' && record.item['score'] === 9);
    expect(late).toHaveLength(1);
    // The first chunk lands, then the projector dies; a later fact of the customer finishes the score first.
    expect(await projectBatch(services(dyingAt(2)), late, ignore)).toHaveLength(1);
    expect((await table.services.projection.state(customer.id)).partial?.chunksDone).toBe(1);
    await recordTouchpoint(table.services, anAdmin, aTouchpoint(customer.id, { kind: 'RENEWAL', revenue: 1 }));
    await table.project();
    const year = await figuresOf();
    expect(year.revenueByBand.find((row) => row.band === null)).toMatchObject({ revenue: 0, touchpoints: 0 });
    const exceptional = year.revenueByBand.find((row) => row.band?.key === 'EXCEPTIONAL');
    // The default window is 90 days: the renewals in it, plus the one just recorded, all under the late score's band.
    expect(exceptional?.touchpoints).toBeGreaterThanOrEqual(3);
    expect(await table.services.projection.oldestUnprojected('default')).toBeNull();
  }, 120_000);

  it('reports the records it could not count to Lambda, by sequence number (partial batch failure)', async () => {
    await history();
    const records = await new StreamTail(testEndpoint(), table.tableName).read();
    const event = {
      Records: records.map((record: StreamFact) => ({
        eventName: 'INSERT',
        dynamodb: { SequenceNumber: record.sequenceNumber, NewImage: marshallForStream(record.item) },
      })),
    } as unknown as DynamoDBStreamEvent;
    const config = loadProjectorConfig({ TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: testEndpoint(), LOG_LEVEL: 'silent' });
    // Without its map no fact can be counted: every record is reported, nothing is counted.
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: 'MAP#default', sk: 'MAP' } }));
    const quiet = { metricsDestination: () => undefined };
    const failing = await createProjectorHandler(config, quiet)(event);
    const facts = records.filter((record) => factOfItem(record.item) !== null);
    expect(failing.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(facts.map((record) => record.sequenceNumber).sort());
    await table.store.putMap(DEFAULT_MAP);
    const handler = createProjectorHandler(config, quiet);
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    const figures = await figuresOf();
    // Delivered again: facts already counted are skipped.
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(await figuresOf()).toEqual(figures);
    expect(figures.spend).toEqual({ acquisition: 5, retention: 40, revenue: 320 });
  });
});

/** A stored item as a stream record's image (DynamoDB's attribute-value form). */
function marshallForStream(item: Record<string, unknown>): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's own marshaller, test-only
  const { marshall } = require('@aws-sdk/util-dynamodb') as typeof import('@aws-sdk/util-dynamodb');
  return marshall(item, { removeUndefinedValues: true });
}

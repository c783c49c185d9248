import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInsights } from '../../src/app/insights';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { DomainError } from '../../src/domain/errors';
import { scanTable, resetWrites } from '../../src/store/localTable';
import { B2B_MAP_INPUT } from '../../scripts/lib/b2bMap';
import { parseFixture } from '../../scripts/lib/fixture';
import { seedStartState } from '../../scripts/lib/startState';
import { freshTable, type TestTable } from '../support/dynamodb';

const consumer = parseFixture(JSON.parse(readFileSync(join(__dirname, '../fixtures/consumer.json'), 'utf8')));

async function refusal(table: TestTable, document: unknown) {
  try {
    await seedStartState(table.services, { demo: false, fixture: parseFixture(document) }, table.clock.now());
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('not refused');
}

describe('a seed fixture written through the use cases', () => {
  it('keeps its dates in journeys, touchpoints, work lists and insights', async () => {
    const table = await freshTable();
    const [olga, luis, cora] = await seedStartState(table.services, { demo: false, fixture: consumer }, table.clock.now());
    await table.project();

    const journey = await table.store.journey(luis as string);
    expect(journey.map((t) => [t.at, t.to])).toEqual([
      ['2025-01-10T09:00:00.000Z', 'PROSPECT'],
      ['2025-01-12T09:00:00.000Z', 'ONBOARDING'],
      ['2025-02-10T09:00:00.000Z', 'ACTIVE'],
      ['2026-01-05T09:00:00.000Z', 'LOYAL'],
    ]);
    const touchpoints = (await table.store.touchpoints(luis as string, 10, null, null)).nodes.map((edge) => edge.node);
    expect(touchpoints.map((t) => [t.occurredAt, t.recordedAt === t.occurredAt])).toEqual([
      ['2025-01-12T09:00:00.000Z', true],
      ['2025-02-01T09:00:00.000Z', true],
      ['2025-02-03T09:00:00.000Z', true],
      ['2026-01-05T09:00:00.000Z', true],
    ]);
    // The complaint is resolved by the touchpoint that named its ref.
    expect(touchpoints[1]).toMatchObject({ kind: 'COMPLAINT', resolvedAt: '2025-02-03T09:00:00.000Z', resolvedById: touchpoints[2]?.id });
    expect((await table.store.openComplaints(DEFAULT_MAP.id, 10, null)).nodes.map((edge) => edge.node.customerId)).toEqual([cora]);
    expect((await table.store.getCustomer(olga as string))).toMatchObject({ stage: 'ONBOARDING', stageEnteredAt: '2026-03-03T10:00:00.000Z', lifetimeRevenue: 480 });

    const report = await readInsights(table.services, DEFAULT_MAP, { from: '2026-03-01T00:00:00Z', to: '2026-03-31T00:00:00Z' });
    expect(report.campaigns).toEqual([expect.objectContaining({ campaign: 'Spring sale', prospectsReached: 1, converted: 1, revenue: 480 })]);
  });

  it('gives the same ids and items on every seeding', async () => {
    const first = await freshTable();
    const second = await freshTable();
    second.clock.advance(3 * 3_600_000);
    const ids = await seedStartState(first.services, { demo: false, fixture: consumer }, first.clock.now());
    expect(await seedStartState(second.services, { demo: false, fixture: consumer }, second.clock.now())).toEqual(ids);
    expect(ids).toEqual(['cus_seed00001', 'cus_seed00006', 'cus_seed0000f']);
    const items = await scanTable(first.client, first.tableName);
    expect(resetWrites(await scanTable(second.client, second.tableName), items)).toEqual([]);
  });

  it('creates its own maps first, through createLifecycleMap, and puts its customers on them', async () => {
    const table = await freshTable();
    const fixture = parseFixture({
      maps: [{ id: 'default' }, { ...B2B_MAP_INPUT, id: 'trials' }],
      customers: [{ externalId: 't1', name: 'T', mapId: 'trials', touchpoints: [{ team: 'TRAINING', channel: 'WEB', kind: 'ONBOARDING' }] }],
    });
    const [id] = await seedStartState(table.services, { demo: false, fixture }, table.clock.now());
    expect((await table.store.getMap('trials'))?.stages.map((s) => s.key)).toEqual(['LEAD', 'TRIAL', 'CUSTOMER', 'EXPANSION', 'AT_RISK', 'CHURNED']);
    expect(await table.store.getCustomer(id as string)).toMatchObject({ mapId: 'trials', stage: 'TRIAL' });
  });

  it.each([
    ['a map the use case refuses, at the fixture field', { maps: [{ ...B2B_MAP_INPUT, id: 'trials', moves: [{ from: 'LEAD', to: 'NOWHERE' }] }] }, 'BAD_USER_INPUT', 'fixture.maps[0].moves[0].to'],
    ['a use case refusal, at the fixture field', { customers: [{ externalId: 'a', name: 'A', touchpoints: [{ team: 'OPERATIONS', channel: 'PHONE', kind: 'FEEDBACK', score: 11 }] }] }, 'BAD_USER_INPUT', 'fixture.customers[0].touchpoints[0].score'],
    ['a date after the clock', { customers: [{ externalId: 'a', name: 'A', createdAt: '2099-01-01T00:00:00Z' }] }, 'BAD_USER_INPUT', 'fixture.customers[0].createdAt'],
    ['an event before the customer', { customers: [{ externalId: 'a', name: 'A', createdAt: '2026-01-02T00:00:00Z', moves: [{ at: '2026-01-01T00:00:00Z', toStage: 'ONBOARDING', team: 'TRAINING' }] }] }, 'BAD_USER_INPUT', 'fixture.customers[0].moves[0].at'],
    ['a move the map does not have', { customers: [{ externalId: 'a', name: 'A', moves: [{ toStage: 'LOYAL', team: 'TRAINING' }] }] }, 'INVALID_MOVE', 'fixture.customers[0].moves[0].toStage'],
    ['an unknown ref', { customers: [{ externalId: 'a', name: 'A', touchpoints: [{ team: 'OPERATIONS', channel: 'PHONE', kind: 'SUPPORT_REQUEST', resolves: 'nope' }] }] }, 'BAD_USER_INPUT', 'fixture.customers[0].touchpoints[0].resolves'],
    ['an external id used twice', { customers: [{ externalId: 'a', name: 'A' }, { externalId: 'a', name: 'B' }] }, 'CONFLICT', 'fixture.customers[1].externalId'],
  ])('refuses %s', async (_, document, code, field) => {
    expect(await refusal(await freshTable(), document)).toEqual({ code, field });
  });
});

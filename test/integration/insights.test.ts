import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { readInsights } from '../../src/app/insights';
import { recordTouchpoint, type RecordTouchpointRequest } from '../../src/app/recordTouchpoints';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { allowedMoves } from '../../src/domain/map';
import { aMarketer, aMove, aNewCustomer, aTouchpoint, anAdmin } from '../support/builders';
import { freshTable, type TestTable } from '../support/dynamodb';
import { recountFacts } from '../support/recount';

const DAY = 86_400_000;
const D0 = Date.parse('2026-06-01T09:00:00.000Z');
const iso = (days: number) => new Date(D0 + days * DAY).toISOString();

let table: TestTable;
beforeEach(async () => {
  table = await freshTable();
});

/** A small history, written in time order under the test clock; every figure below is worked out by hand. */
async function scriptedHistory() {
  const at = (days: number) => table.clock.set(iso(days));
  const create = async (name: string) => (await createCustomer(table.services, aMarketer, aNewCustomer({ name }))).customer.id;
  const move = (id: string, toStage: string, reason: string | null = null) =>
    advanceCustomer(table.services, anAdmin, aMove(id, toStage, { reason }));

  at(0);
  const a = await create('A');
  at(1);
  const b = await create('B');
  await move(b, 'ONBOARDING');
  const c = await create('C');
  at(2);
  const campaign = (id: string, name: string, extra: Partial<RecordTouchpointRequest> = {}) =>
    recordTouchpoint(table.services, aMarketer, aTouchpoint(id, { team: 'MARKETING', kind: 'CAMPAIGN', campaign: name, ...extra }));
  const touch = (id: string, extra: Partial<RecordTouchpointRequest>) => recordTouchpoint(table.services, anAdmin, aTouchpoint(id, extra));
  await campaign(c, 'Spring', { occurredAt: iso(1) });
  await campaign(c, 'Spring', { occurredAt: new Date(D0 + 2 * DAY - 3600_000).toISOString() }); // day 2, C still a prospect
  await campaign(a, 'Spring', { cost: 10 });
  await move(c, 'ONBOARDING');
  const d = await create('D');
  await move(d, 'ONBOARDING');
  at(3);
  await recordTouchpoint(table.services, aMarketer, aTouchpoint(a, { team: 'MARKETING', kind: 'PURCHASE', revenue: 300 }));
  at(4);
  await move(c, 'AT_RISK');
  at(5);
  await move(b, 'CHURNED', '  Too   expensive ');
  at(6);
  await move(c, 'CHURNED', 'too EXPENSIVE');
  at(10);
  await move(a, 'ACTIVE');
  at(12);
  await touch(a, { kind: 'SERVICE_DELIVERY', cost: 40 });
  // Recorded on day 12, it happened on day 1, while A was a prospect: acquisition cost, counted on day 1.
  await campaign(a, 'Winter', { cost: 5, occurredAt: iso(1) });
  // Recorded on day 12, it happened on day 2 after Spring and before A's purchase: it takes the purchase's credit.
  await campaign(a, 'Autumn', { occurredAt: iso(2.5) });
  at(14);
  await touch(a, { kind: 'FEEDBACK', score: 9 });
  at(16);
  await touch(d, { kind: 'SERVICE_DELIVERY' });
  at(18);
  await touch(a, { kind: 'SERVICE_DELIVERY', revenue: 50 });
  at(20);
  await move(d, 'CHURNED', 'Support never answered');
  at(22);
  await touch(a, { kind: 'RENEWAL', revenue: 100 });
  at(25);
  // A late score: feedback for day 18's delivery, and the band of day 22's renewal from now on.
  await touch(a, { kind: 'FEEDBACK', score: 7, occurredAt: iso(19) });
  at(30);
}

describe('insights from a scripted history', () => {
  it('gives every figure exactly for the default window', async () => {
    await scriptedHistory();
    await table.project();
    const report = await readInsights(table.services, DEFAULT_MAP, {});
    expect(report.to).toBe(iso(30));
    expect(report.conversion).toEqual([
      { stage: 'PROSPECT', next: 'ONBOARDING', entered: 4, movedOn: 4, rate: 1 },
      { stage: 'ONBOARDING', next: 'ACTIVE', entered: 4, movedOn: 1, rate: 0.25 },
      { stage: 'ACTIVE', next: 'LOYAL', entered: 1, movedOn: 0, rate: 0 },
      { stage: 'LOYAL', next: 'ADVOCATE', entered: 0, movedOn: 0, rate: null },
    ]);
    expect(report.transitions).toEqual([
      { from: null, to: 'PROSPECT', count: 4 },
      { from: 'PROSPECT', to: 'ONBOARDING', count: 4 },
      { from: 'ONBOARDING', to: 'CHURNED', count: 2 },
      { from: 'AT_RISK', to: 'CHURNED', count: 1 },
      { from: 'ONBOARDING', to: 'ACTIVE', count: 1 },
      { from: 'ONBOARDING', to: 'AT_RISK', count: 1 },
    ]);
    const durations = Object.fromEntries(report.stageDurations.map((row) => [row.stage, row]));
    // PROSPECT stays: A 3 days, B 0, C 1, D 0. ONBOARDING: A 7, B 4, C 2, D 18. AT_RISK: C 2.
    expect(durations['PROSPECT']).toEqual({ stage: 'PROSPECT', exits: 4, medianDays: 0.5, p90Days: 3.5 });
    expect(durations['ONBOARDING']).toMatchObject({ exits: 4, medianDays: 4.5 });
    expect(Math.abs((durations['ONBOARDING']?.p90Days ?? 0) - 18) / 18).toBeLessThanOrEqual(0.25);
    expect(durations['AT_RISK']).toEqual({ stage: 'AT_RISK', exits: 1, medianDays: 2.5, p90Days: 2.5 });
    expect(durations['LOYAL']).toEqual({ stage: 'LOYAL', exits: 0, medianDays: null, p90Days: null });
    expect(report.churnReasons).toEqual([
      { reason: 'Too expensive', count: 2, share: 2 / 3 },
      { reason: 'Support never answered', count: 1, share: 1 / 3 },
    ]);
    expect(report.spend).toEqual({ acquisition: 15, retention: 40, revenue: 450 });
    expect(report.revenueByBand.map((row) => [row.band?.key ?? null, row.revenue, row.touchpoints])).toEqual([
      ['ALARM', 0, 0],
      ['MET', 100, 1],
      ['EXCEPTIONAL', 50, 1],
      [null, 300, 1],
    ]);
    expect(report.feedbackCoverage).toEqual({ deliveries: 3, withFeedback: 2, rate: 2 / 3 });
    expect(report.campaigns).toEqual([
      { campaign: 'Autumn', prospectsReached: 1, converted: 1, rate: 1, revenue: 300 },
      { campaign: 'Spring', prospectsReached: 2, converted: 0, rate: 0, revenue: 0 },
      { campaign: 'Winter', prospectsReached: 1, converted: 0, rate: 0, revenue: 0 },
    ]);
  });

  it('counts whole UTC days: a window cut inside days 1 and 2 holds all of both', async () => {
    await scriptedHistory();
    await table.project();
    const report = await readInsights(table.services, DEFAULT_MAP, {
      from: new Date(D0 + DAY + 5 * 3600_000).toISOString(), // day 1, after its events
      to: new Date(D0 + 2 * DAY - 3600_000).toISOString(), // day 2, before its events
    });
    expect(report.transitions).toEqual([
      { from: null, to: 'PROSPECT', count: 3 },
      { from: 'PROSPECT', to: 'ONBOARDING', count: 3 },
    ]);
    expect(report.spend).toEqual({ acquisition: 15, retention: 0, revenue: 0 });
    expect(report.churnReasons).toEqual([]);
    expect(report.feedbackCoverage).toEqual({ deliveries: 0, withFeedback: 0, rate: null });
    expect(report.revenueByBand.every((row) => row.revenue === 0 && row.touchpoints === 0)).toBe(true);
    // C was reached by Spring on days 1 and 2, A on day 2: two prospects.
    expect(report.campaigns).toEqual([
      { campaign: 'Spring', prospectsReached: 2, converted: 0, rate: 0, revenue: 0 },
      { campaign: 'Autumn', prospectsReached: 1, converted: 0, rate: 0, revenue: 0 },
      { campaign: 'Winter', prospectsReached: 1, converted: 0, rate: 0, revenue: 0 },
    ]);
  });

  it('leaves out the days outside the window, to the day', async () => {
    await scriptedHistory();
    await table.project();
    const days5and6 = await readInsights(table.services, DEFAULT_MAP, { from: `${iso(5).slice(0, 10)}T00:00:00.000Z`, to: `${iso(6).slice(0, 10)}T23:59:59.999Z` });
    expect(days5and6.transitions).toEqual([
      { from: 'AT_RISK', to: 'CHURNED', count: 1 },
      { from: 'ONBOARDING', to: 'CHURNED', count: 1 },
    ]);
    expect(days5and6.churnReasons).toEqual([{ reason: 'Too expensive', count: 2, share: 1 }]);
    await table.project();
    const day7 = await readInsights(table.services, DEFAULT_MAP, { from: `${iso(7).slice(0, 10)}T00:00:00.000Z`, to: iso(7) });
    expect(day7.transitions).toEqual([]);
    // Day 2 alone: C's reach on day 1 lies outside, its pair with day 2 with it; A and C on day 2 remain.
    await table.project();
    const day2 = await readInsights(table.services, DEFAULT_MAP, { from: `${iso(2).slice(0, 10)}T00:00:00.000Z`, to: `${iso(2).slice(0, 10)}T23:59:59.999Z` });
    expect(day2.campaigns.find((row) => row.campaign === 'Spring')).toMatchObject({ prospectsReached: 2 });
    // Days 18 to 22: the delivery of day 18 (covered by the late score of day 19) and both revenues.
    await table.project();
    const days18to22 = await readInsights(table.services, DEFAULT_MAP, { from: `${iso(18).slice(0, 10)}T00:00:00.000Z`, to: `${iso(22).slice(0, 10)}T00:00:00.000Z` });
    expect(days18to22.feedbackCoverage).toEqual({ deliveries: 1, withFeedback: 1, rate: 1 });
    expect(days18to22.revenueByBand.filter((row) => row.revenue > 0).map((row) => [row.band?.key, row.revenue])).toEqual([
      ['MET', 100],
      ['EXCEPTIONAL', 50],
    ]);
    expect(days18to22.campaigns).toEqual([]);
  });

  it('counts a retried write once', async () => {
    table.clock.set(iso(0));
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer({ idempotencyKey: 'c' }));
    await createCustomer(table.services, aMarketer, aNewCustomer({ idempotencyKey: 'c', externalId: customer.externalId, name: customer.name, email: customer.email }));
    const spend = aTouchpoint(customer.id, { team: 'MARKETING', kind: 'CAMPAIGN', campaign: 'Spring', cost: 7, idempotencyKey: 't' });
    await recordTouchpoint(table.services, aMarketer, spend);
    await recordTouchpoint(table.services, aMarketer, { ...spend });
    await table.project();
    const report = await readInsights(table.services, DEFAULT_MAP, {});
    expect(report.spend.acquisition).toBe(7);
    expect(report.transitions).toEqual([{ from: null, to: 'PROSPECT', count: 1 }]);
    expect(report.campaigns).toEqual([{ campaign: 'Spring', prospectsReached: 1, converted: 0, rate: 0, revenue: 0 }]);
  });
});

/** Six touchpoints per customer: campaigns, a purchase, deliveries and scores, so every related figure races. */
const TOUCHPOINTS: Partial<RecordTouchpointRequest>[] = [
  { kind: 'CAMPAIGN', campaign: 'Spring' },
  { kind: 'SERVICE_DELIVERY' },
  { kind: 'FEEDBACK', score: 7 },
  { kind: 'CAMPAIGN', campaign: 'Summer' },
  { kind: 'PURCHASE', revenue: 20 },
  { kind: 'SERVICE_DELIVERY', score: 9, revenue: 5 },
];

describe('insights under concurrency', () => {
  it('equal a recount from the stored facts after parallel moves and touchpoints with retries', async () => {
    table.clock.set(iso(0));
    const ids = await Promise.all(
      Array.from({ length: 12 }, async () => (await createCustomer(table.services, aMarketer, aNewCustomer())).customer.id),
    );
    const moveAll = (targets: string[]) =>
      ids.flatMap((id, i) =>
        targets.map((target) =>
          advanceCustomer(
            table.services,
            anAdmin,
            aMove(id, target, { reason: target === 'CHURNED' ? ['Price', ' price ', 'Service'][i % 3] : null }),
          ).catch((error: { code?: string }) => {
            if (error.code !== 'INVALID_MOVE') throw error;
          }),
        ),
      );
    // Day 3: racing moves along whatever the map allows from where each customer stands when a move lands.
    table.clock.set(iso(3));
    await Promise.all(moveAll(['ONBOARDING', 'ACTIVE', 'AT_RISK']));
    // Day 5: more racing moves, and at the same time touchpoints with cost and revenue that happened on day 2
    // (prospects then), day 4 and an hour ago (after day 3's moves), each sent twice as a retrying tool would.
    table.clock.set(iso(5));
    const work: Promise<unknown>[] = moveAll(['CHURNED', 'LOYAL', 'ACTIVE']);
    for (const [i, id] of ids.entries()) {
      for (let k = 0; k < 6; k++) {
        const request = aTouchpoint(id, {
          team: 'MARKETING',
          ...TOUCHPOINTS[k],
          cost: 1.25 * (k + 1),
          revenue: k === 0 ? 100 + i : (TOUCHPOINTS[k]?.revenue ?? null),
          occurredAt: [iso(2), iso(4), new Date(D0 + 5 * DAY - 3600_000).toISOString()][k % 3],
          idempotencyKey: `tp-${i}-${k}`,
        });
        work.push(recordTouchpoint(table.services, aMarketer, request), recordTouchpoint(table.services, aMarketer, { ...request }));
      }
    }
    await Promise.all(work);

    await table.project();

    const report = await readInsights(table.services, DEFAULT_MAP, {});
    const recount = await recountFacts(table.store, { first: iso(0).slice(0, 10), last: iso(5).slice(0, 10) });
    expect(Object.fromEntries(report.transitions.map((t) => [`${t.from ?? ''}>${t.to}`, t.count]))).toEqual(Object.fromEntries(recount.transitions));
    for (const row of report.stageDurations) expect({ stage: row.stage, exits: row.exits }).toEqual({ stage: row.stage, exits: recount.exits.get(row.stage) ?? 0 });
    expect(Object.fromEntries(report.churnReasons.map((r) => [r.reason.toLowerCase(), r.count]))).toEqual(Object.fromEntries(recount.churnReasons));
    expect(report.spend).toEqual({
      acquisition: Math.round(recount.acquisition * 100) / 100,
      retention: Math.round(recount.retention * 100) / 100,
      revenue: Math.round(recount.revenue * 100) / 100,
    });
    expect(report.spend.acquisition + report.spend.retention).toBeCloseTo(12 * (1.25 * 21), 6);
    const byBand = Object.fromEntries(report.revenueByBand.map((row) => [row.band?.key ?? '', { revenue: row.revenue, touchpoints: row.touchpoints }]));
    for (const [band, row] of recount.revenueByBand) expect({ band, ...byBand[band] }).toEqual({ band, revenue: Math.round(row.revenue * 100) / 100, touchpoints: row.touchpoints });
    expect(report.revenueByBand.reduce((sum, row) => sum + row.touchpoints, 0)).toBe([...recount.revenueByBand.values()].reduce((sum, row) => sum + row.touchpoints, 0));
    expect(report.feedbackCoverage).toMatchObject({ deliveries: recount.deliveries, withFeedback: recount.withFeedback });
    expect(recount.withFeedback).toBeGreaterThan(0);
    expect(Object.fromEntries(report.campaigns.map((row) => [row.campaign, [row.prospectsReached, row.converted, row.revenue]]))).toEqual(
      Object.fromEntries([...recount.campaigns].map(([name, row]) => [name, [row.reached.size, row.converted, Math.round(row.revenue * 100) / 100]])),
    );
    expect(report.campaigns.length).toBeGreaterThan(0);
    expect(report.spend.acquisition).toBeGreaterThan(0);
    expect(report.spend.retention).toBeGreaterThan(0);
    // Every journey is still a chain of allowed moves.
    for (const id of ids) {
      const journey = await table.store.journey(id);
      for (const [i, t] of journey.entries()) if (i > 0) expect(allowedMoves(DEFAULT_MAP, t.from as string)).toContain(t.to);
    }
  }, 180_000);
});

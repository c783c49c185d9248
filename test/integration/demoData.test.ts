import { readInsights } from '../../src/app/insights';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { seedDemoData } from '../../scripts/lib/demoData';
import { resetWrites, scanTable } from '../../src/store/localTable';
import { seedStartState } from '../../scripts/lib/startState';
import { freshTable } from '../support/dynamodb';

describe('the demo data of npm start', () => {
  it('makes every insight figure non-zero for the default window', async () => {
    const table = await freshTable();
    const today = table.clock.now();
    await seedDemoData(table.services, (at) => table.clock.set(at.toISOString()), today);
    table.clock.set(today.toISOString());
    await table.project();
    const report = await readInsights(table.services, DEFAULT_MAP, {});

    expect(report.conversion.filter((row) => row.entered > 0 && row.movedOn > 0).map((row) => row.stage)).toEqual(['PROSPECT', 'ONBOARDING', 'ACTIVE', 'LOYAL']);
    expect(report.transitions.length).toBeGreaterThan(5);
    expect(report.stageDurations.filter((row) => row.exits > 0).length).toBeGreaterThanOrEqual(4);
    expect(report.churnReasons.length).toBeGreaterThan(1);
    expect(report.spend.acquisition).toBeGreaterThan(0);
    expect(report.spend.retention).toBeGreaterThan(0);
    expect(report.spend.revenue).toBeGreaterThan(0);
    expect(report.revenueByBand.map((row) => [row.band?.key ?? null, row.revenue > 0])).toEqual([
      ['ALARM', true],
      ['MET', true],
      ['EXCEPTIONAL', true],
      [null, true],
    ]);
    expect(report.feedbackCoverage.withFeedback).toBeGreaterThan(0);
    expect(report.feedbackCoverage.rate).toBeLessThan(1);
    expect(report.campaigns.map((row) => row.campaign).sort()).toEqual(['Referral drive', 'Spring sale', 'Webinar series']);
    expect(report.campaigns.every((row) => row.prospectsReached > 0 && row.converted > 0 && row.revenue > 0)).toBe(true);
  }, 240_000);

  it('is the same on every start of a day, whatever the hour: same ids, histories and figures', async () => {
    const morning = await freshTable();
    const evening = await freshTable();
    evening.clock.advance(13 * 3_600_000);
    const ids = await seedStartState(morning.services, { demo: true, fixture: undefined }, morning.clock.now());
    expect(await seedStartState(evening.services, { demo: true, fixture: undefined }, evening.clock.now())).toEqual(ids);
    expect(ids).toHaveLength(36 + 12); // the default map's demo customers, then the B2B map's
    expect(resetWrites(await scanTable(evening.client, evening.tableName), await scanTable(morning.client, morning.tableName))).toEqual([]);
  }, 240_000);
});

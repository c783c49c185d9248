import { bandRevenueContribution } from '../../src/domain/bandRevenue';
import { campaignContribution } from '../../src/domain/campaigns';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { feedbackContribution } from '../../src/domain/feedbackCoverage';
import { COUNTER, figures, insightWindow, mergeContributions, type Contribution, type Counters } from '../../src/domain/insights';
import { touchpointId } from '../../src/domain/moves';
import type { Touchpoint } from '../../src/domain/records';
import { aTouchpointRecord } from '../support/builders';

const DAY = 86_400_000;
const D0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (days: number) => new Date(D0 + days * DAY).toISOString();
let serial = 0;
const touchpoint = (days: number, overrides: Partial<Touchpoint> = {}): Touchpoint => {
  const occurredAt = at(days);
  return aTouchpointRecord({ id: touchpointId(occurredAt, String(serial++).padStart(4, '0')), occurredAt, ...overrides });
};

/** Adds contributions into items the way the store does, and reads a window's figures from them. */
function read(contributions: Contribution[], from: string, to: string) {
  const items = new Map<string, Counters[]>();
  for (const contribution of mergeContributions(contributions)) {
    const counters: Counters = {};
    for (const [name, amount] of Object.entries(contribution.add)) counters[name] = amount;
    // As the store keeps them: the display texts beside the counters (if_not_exists).
    for (const [name, text] of Object.entries(contribution.keepFirst)) counters[name] = text;
    items.set(contribution.period, [...(items.get(contribution.period) ?? []), counters]);
  }
  return figures(DEFAULT_MAP, insightWindow(from, to, new Date(to)), items);
}

describe('feedback coverage', () => {
  it('counts a delivery covered when a score follows within feedbackWithinDays, at the same instant included', () => {
    const delivery = touchpoint(0, { kind: 'SERVICE_DELIVERY' });
    expect(feedbackContribution(DEFAULT_MAP, delivery, [delivery, touchpoint(7, { score: 8 })])[0]?.add).toEqual({ fd: 1, ff: 1 });
    expect(feedbackContribution(DEFAULT_MAP, delivery, [delivery, touchpoint(7.01, { score: 8 })])[0]?.add).toEqual({ fd: 1 });
    expect(feedbackContribution(DEFAULT_MAP, delivery, [delivery, touchpoint(-0.5, { score: 8 })])[0]?.add).toEqual({ fd: 1 });
    const scored = touchpoint(0, { kind: 'SERVICE_DELIVERY', score: 9 });
    expect(feedbackContribution(DEFAULT_MAP, scored, [scored])[0]?.add).toEqual({ fd: 1, ff: 1 });
  });

  it('lets a late score cover the earlier deliveries no other score covers, on their days', () => {
    const covered = touchpoint(0, { kind: 'SERVICE_DELIVERY' });
    const uncovered = touchpoint(3, { kind: 'SERVICE_DELIVERY' });
    const tooOld = touchpoint(-10, { kind: 'SERVICE_DELIVERY' });
    const earlierScore = touchpoint(2, { score: 7 });
    const late = touchpoint(4, { score: 6 });
    const contributions = feedbackContribution(DEFAULT_MAP, late, [tooOld, covered, earlierScore, uncovered, late]);
    expect(contributions).toEqual([{ period: at(3).slice(0, 10), add: { ff: 1 }, keepFirst: {} }]);
  });
});

describe('revenue by band', () => {
  const revenue = (days: number, amount: number, score: number | null = null) => touchpoint(days, { revenue: amount, score });

  it('counts revenue under the band of the score before it, or its own score, in its month item', () => {
    const [unscored] = bandRevenueContribution(DEFAULT_MAP, revenue(0, 10), null, []);
    expect(unscored).toEqual({ period: '2026-03', add: { 'b|01|': 10, 'bn|01|': 1 }, keepFirst: {} });
    const [met] = bandRevenueContribution(DEFAULT_MAP, revenue(1, 10), touchpoint(0, { score: 7 }), []);
    expect(met?.add).toEqual({ 'b|02|MET': 10, 'bn|02|MET': 1 });
    const [own] = bandRevenueContribution(DEFAULT_MAP, revenue(1, 10, 3), touchpoint(0, { score: 7 }), []);
    expect(own?.add).toEqual({ 'b|02|ALARM': 10, 'bn|02|ALARM': 1 });
  });

  it('re-bands the revenue after a late score up to the next score, and nothing when the band is the same', () => {
    const before = touchpoint(0, { score: 9 });
    const late = touchpoint(1, { score: 4 });
    const later = [revenue(2, 10), revenue(40, 5), revenue(41, 7, 8)];
    const moved = mergeContributions(bandRevenueContribution(DEFAULT_MAP, late, before, later));
    expect(moved).toEqual([
      { period: '2026-03', add: { 'b|03|EXCEPTIONAL': -10, 'bn|03|EXCEPTIONAL': -1, 'b|03|ALARM': 10, 'bn|03|ALARM': 1 }, keepFirst: {} },
      { period: '2026-04', add: { 'b|10|EXCEPTIONAL': -5, 'bn|10|EXCEPTIONAL': -1, 'b|10|ALARM': 5, 'bn|10|ALARM': 1 }, keepFirst: {} },
    ]);
    expect(bandRevenueContribution(DEFAULT_MAP, touchpoint(1, { score: 10 }), before, later)).toEqual([]);
  });
});

describe('campaigns', () => {
  const campaignOf = (name: string, days: number) => touchpoint(days, { kind: 'CAMPAIGN', campaign: name });

  it('credits a purchase by a prospect to the latest campaign within attributionDays, and moves the credit to a late one', () => {
    const spring = campaignOf('Spring', 0);
    const purchase = touchpoint(10, { kind: 'PURCHASE', revenue: 40 });
    const credited = campaignContribution(DEFAULT_MAP, purchase, { nearby: [spring, purchase], sameCampaign: [], journey: [] });
    expect(credited).toEqual([
      {
        period: at(10).slice(0, 10),
        add: { [COUNTER.converted('Spring')]: 1, [COUNTER.campaignRevenue('Spring')]: 40 },
        keepFirst: { [COUNTER.campaignText('Spring')]: 'Spring' },
      },
    ]);
    const tooEarly = touchpoint(31, { kind: 'PURCHASE', revenue: 40 });
    expect(campaignContribution(DEFAULT_MAP, tooEarly, { nearby: [spring, tooEarly], sameCampaign: [], journey: [] })).toEqual([]);
    const late = campaignOf('Autumn', 5);
    const moved = campaignContribution(DEFAULT_MAP, late, { nearby: [spring, late, purchase], sameCampaign: [], journey: [] });
    expect(mergeContributions(moved).find((c) => c.period === at(10).slice(0, 10))?.add).toEqual({
      [COUNTER.converted('Spring')]: -1,
      [COUNTER.campaignRevenue('Spring')]: -40,
      [COUNTER.converted('Autumn')]: 1,
      [COUNTER.campaignRevenue('Autumn')]: 40,
    });
  });

  it('counts distinct prospects reached in any window, whatever order the reaches arrive in', () => {
    // Random reach days for a few customers, inserted in random order; every window checked against a brute count.
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const reaches: { customer: number; day: number }[] = [];
    for (let customer = 0; customer < 6; customer++) {
      for (let k = 0; k < 5; k++) reaches.push({ customer, day: Math.floor(random() * 60) });
    }
    reaches.sort(() => random() - 0.5);
    const stored = new Map<number, Touchpoint[]>();
    const contributions: Contribution[] = [];
    for (const { customer, day } of reaches) {
      const reach = campaignOf('Spring', day);
      const sameCampaign = stored.get(customer) ?? [];
      contributions.push(...campaignContribution(DEFAULT_MAP, reach, { nearby: [], sameCampaign, journey: [] }));
      stored.set(customer, [...sameCampaign, reach]);
    }
    for (let first = 0; first < 60; first += 7) {
      for (const length of [0, 3, 10, 40]) {
        const brute = new Set(reaches.filter((r) => r.day >= first && r.day <= first + length).map((r) => r.customer)).size;
        const figure = read(contributions, at(first), at(first + length)).campaigns.find((row) => row.campaign === 'Spring');
        expect({ first, length, reached: figure?.prospectsReached ?? 0 }).toEqual({ first, length, reached: brute });
      }
    }
  });
});

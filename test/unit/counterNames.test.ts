import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { INSIGHT_ITEM_HEADROOM_BYTES, INSIGHT_ITEM_LIMIT_BYTES, itemBytes, textId, wouldOverflow } from '../../src/domain/counterNames';
import { COUNTER, transitionContribution, type Counters } from '../../src/domain/insights';

const churn = (reason: string) =>
  transitionContribution(DEFAULT_MAP, {
    id: 't', customerId: 'c', mapId: 'default', version: 2, from: 'AT_RISK', to: 'CHURNED', at: '2026-06-01T10:00:00.000Z',
    team: 'OPERATIONS', reason, touchpointId: null, automatic: false, recordedBy: 's', fromEnteredAt: '2026-05-01T10:00:00.000Z', ruleId: null,
  });

describe('counter names of free text', () => {
  it('have a fixed length however long the text, and never contain it', () => {
    const short = churn('Price');
    const long = churn('é'.repeat(500));
    const names = (contribution: typeof short) => [...Object.keys(contribution.add), ...Object.keys(contribution.keepFirst)].filter((n) => /^[cn]\|/.test(n));
    expect(names(short).map((n) => n.length)).toEqual(names(long).map((n) => n.length));
    for (const name of names(long)) expect(name).not.toContain('é');
    expect(Object.values(long.keepFirst)).toEqual(['é'.repeat(500)]);
    for (const campaign of ['Spring', 'x'.repeat(100)]) {
      for (const name of [COUNTER.reachDays(campaign), COUNTER.reachPairs(3, campaign), COUNTER.converted(campaign), COUNTER.campaignRevenue(campaign), COUNTER.campaignText(campaign)]) {
        expect(name).toMatch(/^[a-z]{1,2}\|(\d+\|)?[A-Za-z0-9_-]{16}$/);
      }
    }
  });

  it('name a reason by its normalized text: case and spaces do not split a count', () => {
    expect(Object.keys(churn('  Too   EXPENSIVE ').add)).toEqual(Object.keys(churn('too expensive').add));
    expect(COUNTER.churn('Too expensive')).toBe(`c|${textId('too expensive')}`);
    expect(COUNTER.campaignText('Spring')).not.toBe(COUNTER.campaignText('spring'));
  });
});

describe('an insight item', () => {
  it('takes new names only while they fit, with headroom, so it never reaches 400 KB', () => {
    const item: Counters = { type: 'InsightCounters', period: '2026-06-01', 't|AT_RISK|CHURNED': 0 };
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      // Distinct 500-character reasons of 4-byte characters: the worst a client can send.
      const contribution = churn(`${i} ${'😀'.repeat(498)}`);
      if (wouldOverflow(item, contribution)) {
        refused++;
        continue;
      }
      for (const [name, amount] of Object.entries(contribution.add)) item[name] = ((item[name] as number | undefined) ?? 0) + amount;
      for (const [name, text] of Object.entries(contribution.keepFirst)) item[name] ??= text;
      accepted++;
    }
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(0);
    expect(itemBytes(item)).toBeLessThanOrEqual(INSIGHT_ITEM_LIMIT_BYTES - INSIGHT_ITEM_HEADROOM_BYTES);
    // Counting again under names it holds takes no room: a known reason is never refused.
    expect(wouldOverflow(item, churn('0 ' + '😀'.repeat(498)))).toBe(false);
  });
});

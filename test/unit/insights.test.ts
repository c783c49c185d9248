import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import {
  COUNTER,
  bucketValue,
  durationBucket,
  figures,
  histogramQuantile,
  insightWindow,
  mergeContributions,
  reasonKey,
} from '../../src/domain/insights';

describe('stage duration histogram', () => {
  it('is exact to within a day up to 14 days', () => {
    for (let tenths = 0; tenths < 150; tenths++) {
      const days = tenths / 10;
      expect(Math.abs(bucketValue(durationBucket(days)) - days)).toBeLessThanOrEqual(1);
    }
  });

  it('is within 25% above 14 days (10% by construction)', () => {
    for (let days = 15; days < 2000; days += 0.7) {
      expect(Math.abs(bucketValue(durationBucket(days)) - days) / days).toBeLessThanOrEqual(0.1);
    }
  });

  it('takes nearest-rank quantiles', () => {
    const histogram = new Map([
      [0, 2],
      [1, 1],
      [3, 1],
    ]);
    expect(histogramQuantile(histogram, 0.5)).toBe(0.5);
    expect(histogramQuantile(histogram, 0.9)).toBe(3.5);
    expect(histogramQuantile(new Map(), 0.5)).toBeNull();
  });
});

describe('churn reasons', () => {
  it('compare trimmed, with inner spaces collapsed, without case', () => {
    expect(reasonKey('  Too   EXPENSIVE ')).toBe(reasonKey('too expensive'));
    expect(reasonKey('too expensive')).not.toBe(reasonKey('too-expensive'));
  });
});

describe('the window', () => {
  const now = new Date('2026-06-30T15:00:00.000Z');

  it('defaults to the 90 days up to now, by whole UTC days', () => {
    const window = insightWindow(null, null, now);
    expect(window.to).toBe(now.toISOString());
    expect(window.from).toBe('2026-04-01T15:00:00.000Z');
    expect(window.days[0]).toBe('2026-04-01');
    expect(window.days.at(-1)).toBe('2026-06-30');
    expect(window.days).toHaveLength(91);
  });

  it('refuses from after to, and a window longer than 366 days', () => {
    expect(() => insightWindow('2026-06-02T00:00:00Z', '2026-06-01T00:00:00Z', now)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'from' }),
    );
    expect(() => insightWindow('2025-01-01T00:00:00.000Z', '2026-01-02T00:00:00.001Z', now)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(insightWindow('2025-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', now).days).toHaveLength(367);
  });
});

describe('figures', () => {
  it('add up days, keep the first-written reason, and merge same-day contributions', () => {
    const [merged] = mergeContributions([
      { period: '2026-06-01', add: { 't||PROSPECT': 1, sa: 2.1 }, keepFirst: {} },
      { period: '2026-06-01', add: { 't||PROSPECT': 1, sa: 0.2 }, keepFirst: { 'n|x': 'X' } },
    ]);
    expect(merged).toEqual({ period: '2026-06-01', add: { 't||PROSPECT': 2, sa: 2.3000000000000003 }, keepFirst: { 'n|x': 'X' } });
    const window = insightWindow('2026-06-01T00:00:00.000Z', '2026-06-02T23:59:59.999Z', new Date('2026-06-03T00:00:00.000Z'));
    const result = figures(
      DEFAULT_MAP,
      window,
      new Map([
        ['2026-06-01', [{ 't||PROSPECT': 2, 't|PROSPECT|ONBOARDING': 1, sa: 0.1, [COUNTER.churn('too expensive')]: 1, [COUNTER.churnText('too expensive')]: 'Too expensive' }]],
        ['2026-06-02', [{ sa: 0.2, [COUNTER.churn('TOO  expensive ')]: 2, [COUNTER.churnText('TOO expensive')]: 'TOO expensive', [COUNTER.churn('slow')]: 1, [COUNTER.churnText('Slow')]: 'Slow' }]],
      ]),
    );
    expect(result.spend.acquisition).toBe(0.3);
    expect(result.conversion[0]).toEqual({ stage: 'PROSPECT', next: 'ONBOARDING', entered: 2, movedOn: 1, rate: 0.5 });
    expect(result.conversion[2]).toMatchObject({ stage: 'ACTIVE', entered: 0, rate: null });
    expect(result.churnReasons).toEqual([
      { reason: 'Too expensive', count: 3, share: 0.75 },
      { reason: 'Slow', count: 1, share: 0.25 },
    ]);
  });
});

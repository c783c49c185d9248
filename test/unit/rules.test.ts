import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { isNewerScore, mayFireRule, ruleFiredBy } from '../../src/domain/rules';
import { aCustomer, aTouchpointRecord } from '../support/builders';

const ACQUIRED = ['ONBOARDING', 'ACTIVE', 'LOYAL', 'ADVOCATE'];
const ALL = ['PROSPECT', ...ACQUIRED, 'AT_RISK', 'CHURNED'];

describe('the default rules', () => {
  it.each(ALL)('a PURCHASE by a customer in %s moves it only from PROSPECT to ONBOARDING', (stage) => {
    const rule = ruleFiredBy(DEFAULT_MAP, aCustomer({ stage }), aTouchpointRecord({ kind: 'PURCHASE' }));
    expect(rule?.toStage ?? null).toBe(stage === 'PROSPECT' ? 'ONBOARDING' : null);
  });

  it.each(ALL.flatMap((stage) => [1, 5, 6, 10].map((score) => [stage, score] as const)))(
    'a score from a customer in %s of %i moves it to AT_RISK only when acquired and below 6',
    (stage, score) => {
      const rule = ruleFiredBy(DEFAULT_MAP, aCustomer({ stage }), aTouchpointRecord({ kind: 'FEEDBACK', score }));
      expect(rule?.toStage ?? null).toBe(ACQUIRED.includes(stage) && score < 6 ? 'AT_RISK' : null);
    },
  );

  it('ignores a backdated low score older than the latest score on file', () => {
    const customer = aCustomer({ stage: 'ACTIVE', latestScore: 9, latestScoreAt: '2026-03-01T00:00:00.000Z' });
    const older = aTouchpointRecord({ kind: 'FEEDBACK', score: 2, occurredAt: '2026-02-01T00:00:00.000Z' });
    const newer = aTouchpointRecord({ kind: 'FEEDBACK', score: 2, occurredAt: '2026-03-02T00:00:00.000Z' });
    expect(isNewerScore(customer, older)).toBe(false);
    expect(ruleFiredBy(DEFAULT_MAP, customer, older)).toBeNull();
    expect(ruleFiredBy(DEFAULT_MAP, customer, newer)?.toStage).toBe('AT_RISK');
  });

  it('knows which touchpoints no rule can act on, from any stage', () => {
    expect(mayFireRule(DEFAULT_MAP, aTouchpointRecord({ kind: 'SUPPORT_REQUEST' }))).toBe(false);
    expect(mayFireRule(DEFAULT_MAP, aTouchpointRecord({ kind: 'FEEDBACK', score: 7 }))).toBe(false);
    expect(mayFireRule(DEFAULT_MAP, aTouchpointRecord({ kind: 'FEEDBACK', score: 5 }))).toBe(true);
    expect(mayFireRule(DEFAULT_MAP, aTouchpointRecord({ kind: 'PURCHASE' }))).toBe(true);
  });
});

import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { isNewerScore, needsLatestScore, ruleFiredBy } from '../../src/domain/rules';
import { aCustomer, aTouchpointRecord } from '../support/builders';

const ACQUIRED = ['ONBOARDING', 'ACTIVE', 'LOYAL', 'ADVOCATE'];
const ALL = ['PROSPECT', ...ACQUIRED, 'AT_RISK', 'CHURNED'];

describe('the default rules', () => {
  it.each(ALL)('a PURCHASE by a customer in %s moves it only from PROSPECT to ONBOARDING', (stage) => {
    const rule = ruleFiredBy(DEFAULT_MAP, aCustomer({ stage }), null, aTouchpointRecord({ kind: 'PURCHASE' }));
    expect(rule?.toStage ?? null).toBe(stage === 'PROSPECT' ? 'ONBOARDING' : null);
  });

  it.each(ALL.flatMap((stage) => [1, 5, 6, 10].map((score) => [stage, score] as const)))(
    'a score from a customer in %s of %i moves it to AT_RISK only when acquired and below 6',
    (stage, score) => {
      const rule = ruleFiredBy(DEFAULT_MAP, aCustomer({ stage }), null, aTouchpointRecord({ kind: 'FEEDBACK', score }));
      expect(rule?.toStage ?? null).toBe(ACQUIRED.includes(stage) && score < 6 ? 'AT_RISK' : null);
    },
  );

  it('ignores a backdated low score older than the latest score on file', () => {
    const customer = aCustomer({ stage: 'ACTIVE' });
    const latest = { score: 9, at: '2026-03-01T00:00:00.000Z', touchpointId: 'tp_9' };
    const older = aTouchpointRecord({ kind: 'FEEDBACK', score: 2, occurredAt: '2026-02-01T00:00:00.000Z' });
    const newer = aTouchpointRecord({ kind: 'FEEDBACK', score: 2, occurredAt: '2026-03-02T00:00:00.000Z' });
    expect(isNewerScore(latest, older)).toBe(false);
    expect(ruleFiredBy(DEFAULT_MAP, customer, latest, older)).toBeNull();
    expect(ruleFiredBy(DEFAULT_MAP, customer, latest, newer)?.toStage).toBe('AT_RISK');
  });

  it('reads the latest score only for a score a rule could act on', () => {
    expect(needsLatestScore(DEFAULT_MAP, aTouchpointRecord({ kind: 'SUPPORT_REQUEST' }))).toBe(false);
    expect(needsLatestScore(DEFAULT_MAP, aTouchpointRecord({ kind: 'FEEDBACK', score: 7 }))).toBe(false);
    expect(needsLatestScore(DEFAULT_MAP, aTouchpointRecord({ kind: 'FEEDBACK', score: 5 }))).toBe(true);
    expect(needsLatestScore(DEFAULT_MAP, aTouchpointRecord({ kind: 'PURCHASE' }))).toBe(false);
  });
});

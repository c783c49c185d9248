import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { DomainError } from '../../src/domain/errors';
import { allowedMoves, bandOf, checkMove, entryStage } from '../../src/domain/map';

const STAGES = ['PROSPECT', 'ONBOARDING', 'ACTIVE', 'LOYAL', 'ADVOCATE', 'AT_RISK', 'CHURNED'];

// DOMAIN.md's moves, written out pair by pair, independently of the map record under test.
const ALLOWED: Record<string, string[]> = {
  PROSPECT: ['ONBOARDING'],
  ONBOARDING: ['ACTIVE', 'AT_RISK', 'CHURNED'],
  ACTIVE: ['LOYAL', 'AT_RISK', 'CHURNED'],
  LOYAL: ['ADVOCATE', 'AT_RISK', 'CHURNED'],
  ADVOCATE: ['LOYAL', 'AT_RISK', 'CHURNED'],
  AT_RISK: ['ACTIVE', 'LOYAL', 'CHURNED'],
  CHURNED: ['PROSPECT', 'ONBOARDING'],
};

const everyPair = STAGES.flatMap((from) => STAGES.map((to) => [from, to, ALLOWED[from]?.includes(to) ?? false] as const));

describe('the default map', () => {
  it('has the stages of DOMAIN.md in order, AT_RISK and CHURNED off the path', () => {
    expect(DEFAULT_MAP.stages.map((s) => s.key)).toEqual(STAGES);
    expect(DEFAULT_MAP.stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(DEFAULT_MAP.stages.filter((s) => s.offPath).map((s) => s.key)).toEqual(['AT_RISK', 'CHURNED']);
  });

  it('starts every new customer at PROSPECT', () => {
    expect(entryStage(DEFAULT_MAP).key).toBe('PROSPECT');
  });

  it.each(everyPair)('%s -> %s is allowed: %s', (from, to, allowed) => {
    const reason = 'a reason';
    if (allowed) {
      expect(() => checkMove(DEFAULT_MAP, from, to, reason)).not.toThrow();
    } else {
      let refusal: unknown;
      try {
        checkMove(DEFAULT_MAP, from, to, reason);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).code).toBe('INVALID_MOVE');
      expect((refusal as DomainError).allowed).toEqual(ALLOWED[from]);
    }
  });

  it('lists the allowed moves of each stage in map order', () => {
    for (const from of STAGES) expect(allowedMoves(DEFAULT_MAP, from)).toEqual(ALLOWED[from]);
  });

  it.each(['ONBOARDING', 'ACTIVE', 'LOYAL', 'ADVOCATE', 'AT_RISK'])('refuses %s -> CHURNED without a reason', (from) => {
    for (const reason of [null, '', '   ']) {
      expect(() => checkMove(DEFAULT_MAP, from, 'CHURNED', reason)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.reason' }),
      );
    }
  });

  it('needs no reason for other moves', () => {
    expect(() => checkMove(DEFAULT_MAP, 'ACTIVE', 'LOYAL', null)).not.toThrow();
  });
});

describe('score bands', () => {
  const expected: [number, string | null][] = [
    [0, null],
    [1, 'ALARM'],
    [5, 'ALARM'],
    [6, 'MET'],
    [8, 'MET'],
    [9, 'EXCEPTIONAL'],
    [10, 'EXCEPTIONAL'],
    [11, null],
  ];
  it.each(expected)('score %i is in band %s', (score, band) => {
    expect(bandOf(DEFAULT_MAP, score)?.key ?? null).toBe(band);
  });

  it('has no band without a score', () => {
    expect(bandOf(DEFAULT_MAP, null)).toBeNull();
  });
});

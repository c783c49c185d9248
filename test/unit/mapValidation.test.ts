import { B2B_MAP_INPUT } from '../../scripts/lib/b2bMap';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { DomainError } from '../../src/domain/errors';
import type { MapInput } from '../../src/domain/mapInput';
import { mapFromInput, mapProblems, removedStages, requireValidMap } from '../../src/domain/mapValidation';

const clone = (): MapInput => structuredClone(B2B_MAP_INPUT);
const fields = (input: MapInput, stored = null as Parameters<typeof mapProblems>[1]) => mapProblems(input, stored).map((p) => p.field);
const STORED = mapFromInput('b2b', B2B_MAP_INPUT, 3);

describe('a valid map', () => {
  it('has no problems, and becomes the map it describes with its defaults', () => {
    expect(mapProblems(clone(), null)).toEqual([]);
    const map = mapFromInput('b2b', clone(), 1);
    expect(map.stages.map((s) => [s.key, s.position])).toEqual([['LEAD', 0], ['TRIAL', 1], ['CUSTOMER', 2], ['EXPANSION', 3], ['AT_RISK', 4], ['CHURNED', 5]]);
    expect(map.stages[0]).toMatchObject({ offPath: false, reasonRequired: false, staleAfterDays: null });
    expect(map.rules[0]).toEqual({ id: 'trial-started', kind: 'ONBOARDING', band: null, fromStages: ['LEAD'], toStage: 'TRIAL', reason: 'Trial started' });
    expect(map.version).toBe(1);
  });

  it('takes the default map as it is stored today', () => {
    const { id, version: _, ...rest } = DEFAULT_MAP;
    expect(mapProblems({ ...rest, id }, null)).toEqual([]);
  });
});

// Each row breaks one rule of a valid map and names the field path the problem must carry. Problems that follow
// from it (moves naming a stage whose key was refused) are reported too.
const broken: [string, (input: MapInput) => void, string][] = [
  ['a create without an id', (i) => (i.id = null), 'input.id'],
  ['an id with capitals', (i) => (i.id = 'B2B'), 'input.id'],
  ['an empty name', (i) => (i.name = '  '), 'input.name'],
  ['no stages', (i) => (i.stages = []), 'input.stages'],
  ['eleven stages', (i) => i.stages.push(...Array.from({ length: 5 }, (_, n) => ({ key: `EXTRA_${n}`, name: 'x' }))), 'input.stages'],
  ['a stage key in lower case', (i) => ((i.stages[1] as { key: string }).key = 'trial'), 'input.stages[1].key'],
  ['a repeated stage key', (i) => ((i.stages[3] as { key: string }).key = 'TRIAL'), 'input.stages[3].key'],
  ['a stage without a name', (i) => ((i.stages[2] as { name: string }).name = ''), 'input.stages[2].name'],
  ['staleAfterDays of 0', (i) => ((i.stages[1] as { staleAfterDays: number }).staleAfterDays = 0), 'input.stages[1].staleAfterDays'],
  ['a move from an unknown stage', (i) => ((i.moves[2] as { from: string }).from = 'NOWHERE'), 'input.moves[2].from'],
  ['a move to an unknown stage', (i) => ((i.moves[3] as { to: string }).to = 'NOWHERE'), 'input.moves[3].to'],
  ['a move to the same stage', (i) => i.moves.push({ from: 'LEAD', to: 'LEAD' }), 'input.moves[12].to'],
  ['a repeated move', (i) => i.moves.push({ from: 'LEAD', to: 'TRIAL' }), 'input.moves[12]'],
  ['a rule from an unknown stage', (i) => ((i.rules?.[2] as { fromStages: string[] }).fromStages = ['CUSTOMER', 'GONE']), 'input.rules[2].fromStages[1]'],
  ['a rule to an unknown stage', (i) => ((i.rules?.[0] as { toStage: string }).toStage = 'GONE'), 'input.rules[0].toStage'],
  ['a rule whose move the moves do not allow', (i) => ((i.rules?.[1] as { fromStages: string[] }).fromStages = ['LEAD']), 'input.rules[1].fromStages[0]'],
  ['a rule with an unknown band', (i) => ((i.rules?.[2] as { band: string }).band = 'ALARM'), 'input.rules[2].band'],
  ['a rule with no stages to fire from', (i) => ((i.rules?.[0] as { fromStages: string[] }).fromStages = []), 'input.rules[0].fromStages'],
  ['a repeated rule id', (i) => ((i.rules?.[1] as { id: string }).id = 'trial-started'), 'input.rules[1].id'],
  ['a rule without a reason', (i) => ((i.rules?.[1] as { reason: string }).reason = ' '), 'input.rules[1].reason'],
  ['a gap between bands', (i) => ((i.bands[1] as { min: number }).min = 8), 'input.bands[1].min'],
  ['overlapping bands', (i) => ((i.bands[2] as { min: number }).min = 8), 'input.bands[2].min'],
  ['bands that start above 1', (i) => ((i.bands[0] as { min: number }).min = 2), 'input.bands[0].min'],
  ['bands that stop below 10', (i) => ((i.bands[2] as { max: number }).max = 9), 'input.bands'],
  ['a band score out of 1-10', (i) => ((i.bands[2] as { max: number }).max = 11), 'input.bands[2].max'],
  ['a band upside down', (i) => ((i.bands[1] as { max: number }).max = 6), 'input.bands[1].max'],
  ['a repeated band key', (i) => ((i.bands[1] as { key: string }).key = 'LOW'), 'input.bands[1].key'],
  ['no bands', (i) => (i.bands = []), 'input.bands'],
  ['an unknown at-risk stage', (i) => (i.atRiskStage = 'RISKY'), 'input.atRiskStage'],
  ['an unknown churned stage', (i) => (i.churnedStage = 'GONE'), 'input.churnedStage'],
  ['an unknown thanked stage', (i) => (i.thankedStages = ['EXPANSION', 'VIP']), 'input.thankedStages[1]'],
  ['feedbackWithinDays over 30', (i) => (i.feedbackWithinDays = 31), 'input.feedbackWithinDays'],
  ['attributionDays of 0', (i) => (i.attributionDays = 0), 'input.attributionDays'],
  ['no move out of the first stage', (i) => (i.moves = i.moves.filter((m) => m.from !== 'LEAD')), 'input.moves'],
  ['a migration on create', (i) => (i.migrate = [{ from: 'LEAD', to: 'TRIAL' }]), 'input.migrate'],
];

describe('a map input is refused, naming the field, for', () => {
  it.each(broken)('%s', (_, breakIt, field) => {
    const input = clone();
    breakIt(input);
    expect(fields(input)).toContain(field);
  });
});

describe('updates', () => {
  it('refuse a changed id, and migrations that do not name a removed stage or a stage of the new map', () => {
    const input = clone();
    input.id = 'other';
    input.stages = input.stages.filter((s) => s.key !== 'EXPANSION');
    input.moves = input.moves.filter((m) => m.from !== 'EXPANSION' && m.to !== 'EXPANSION');
    input.rules = [{ id: 'low-score', band: 'LOW', fromStages: ['CUSTOMER'], toStage: 'AT_RISK', reason: 'Low' }];
    input.thankedStages = ['CUSTOMER'];
    input.migrate = [
      { from: 'CUSTOMER', to: 'LEAD' },
      { from: 'EXPANSION', to: 'VIP' },
      { from: 'EXPANSION', to: 'CUSTOMER' },
    ];
    expect(fields(input, STORED)).toEqual(['input.id', 'input.migrate[0].from', 'input.migrate[1].to', 'input.migrate[2].from']);
    expect(removedStages(STORED, mapFromInput('b2b', input, 4))).toEqual(['EXPANSION']);
  });
});

describe('the refusal', () => {
  it('is one BAD_USER_INPUT naming the first field and carrying every problem', () => {
    const input = clone();
    (input.moves[3] as { to: string }).to = 'NOWHERE';
    input.attributionDays = 0;
    let error: unknown;
    try {
      requireValidMap(input, null);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.moves[3].to' });
    expect((error as DomainError).problems?.map((p) => p.field)).toEqual(['input.moves[3].to', 'input.attributionDays']);
    expect((error as DomainError).message).toMatch(/and 1 more problem\)$/);
  });
});

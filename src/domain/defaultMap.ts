import { MAP_SETTING_DEFAULTS, type LifecycleMap } from './map';

export const DEFAULT_MAP_ID = 'default';

const ACQUIRED = ['ONBOARDING', 'ACTIVE', 'LOYAL', 'ADVOCATE'];

/** The default map of DOMAIN.md, as one record: seeded into the table, never read from here at request time. */
export const DEFAULT_MAP: LifecycleMap = {
  id: DEFAULT_MAP_ID,
  name: 'Customer lifecycle',
  stages: [
    stage('PROSPECT', 'Prospect', 'Pre-acquisition: known to marketing, has not bought yet', 'MARKETING'),
    stage('ONBOARDING', 'Onboarding', 'First purchase made, being set up and trained; not yet past break-even', 'TRAINING', {
      staleAfterDays: 30,
    }),
    stage('ACTIVE', 'Active', 'Uses the service regularly; expectations met', 'OPERATIONS'),
    stage('LOYAL', 'Loyal', 'Returns, renews, pays a premium; forgives a mistake', 'OPERATIONS'),
    stage('ADVOCATE', 'Advocate', 'A promoter: scores 9-10 and brings others in', 'MARKETING'),
    stage('AT_RISK', 'At risk', 'Dissatisfied or with an unresolved complaint; needs intervention', 'OPERATIONS', {
      offPath: true,
      staleAfterDays: 7,
    }),
    stage('CHURNED', 'Churned', 'Has left; the reason is recorded; can be won back', 'MARKETING', {
      offPath: true,
      reasonRequired: true,
    }),
  ].map((definition, position) => ({ ...definition, position })),
  moves: [
    ['PROSPECT', 'ONBOARDING'],
    ['ONBOARDING', 'ACTIVE'],
    ['ACTIVE', 'LOYAL'],
    ['LOYAL', 'ADVOCATE'],
    ['ADVOCATE', 'LOYAL'],
    ...ACQUIRED.map((from) => [from, 'AT_RISK']),
    ['AT_RISK', 'ACTIVE'],
    ['AT_RISK', 'LOYAL'],
    ...[...ACQUIRED, 'AT_RISK'].map((from) => [from, 'CHURNED']),
    ['CHURNED', 'PROSPECT'],
    ['CHURNED', 'ONBOARDING'],
  ].map(([from, to]) => ({ from: from as string, to: to as string })),
  rules: [
    {
      id: 'first-purchase',
      kind: 'PURCHASE',
      band: null,
      fromStages: ['PROSPECT'],
      toStage: 'ONBOARDING',
      reason: 'First purchase',
    },
    {
      id: 'alarm-score',
      kind: null,
      band: 'ALARM',
      fromStages: ACQUIRED,
      toStage: 'AT_RISK',
      reason: 'Satisfaction score below 6',
    },
  ],
  atRiskStage: 'AT_RISK',
  churnedStage: 'CHURNED',
  thankedStages: ['LOYAL', 'ADVOCATE'],
  ...MAP_SETTING_DEFAULTS,
  bands: [
    { key: 'ALARM', name: 'Alarm: dissatisfied, at risk of leaving', min: 1, max: 5 },
    { key: 'MET', name: 'Met or slightly exceeded expectations', min: 6, max: 8 },
    { key: 'EXCEPTIONAL', name: 'Exceptional: a potential brand ambassador', min: 9, max: 10 },
  ],
};

function stage(
  key: string,
  name: string,
  description: string,
  ownerTeam: 'MARKETING' | 'TRAINING' | 'OPERATIONS',
  flags: { offPath?: boolean; reasonRequired?: boolean; staleAfterDays?: number } = {},
) {
  return {
    key,
    name,
    description,
    ownerTeam,
    offPath: flags.offPath ?? false,
    reasonRequired: flags.reasonRequired ?? false,
    staleAfterDays: flags.staleAfterDays ?? null,
  };
}

import { requireStage, type LifecycleMap as LifecycleMapRecord } from '../../domain/map';
import { customersInStages } from '../../app/workLists';
import type { LifecycleMapResolvers, MoveExplanationResolvers, MoveResolvers, RuleResolvers, StageResolvers } from '../generated/types';
import { countsOf } from '../loaders';

export const LifecycleMap: LifecycleMapResolvers = {
  stages: (map) => [...map.stages].sort((a, b) => a.position - b.position).map((stage) => ({ map, stage })),
  moves: (map) => map.moves.map((move) => ({ map, move })),
  bands: (map) => [...map.bands].sort((a, b) => a.min - b.min),
  rules: (map) => map.rules.map((rule) => ({ map, rule })),
};

const stageOf = (map: LifecycleMapRecord, key: string) => ({ map, stage: requireStage(map, key, 'stage') });

export const Rule: RuleResolvers = {
  id: ({ rule }) => rule.id,
  kind: ({ rule }) => rule.kind,
  band: ({ map, rule }) => map.bands.find((band) => band.key === rule.band) ?? null,
  fromStages: ({ map, rule }) => rule.fromStages.map((key) => stageOf(map, key)),
  toStage: ({ map, rule }) => stageOf(map, rule.toStage),
  reason: ({ rule }) => rule.reason,
};

export const MoveExplanation: MoveExplanationResolvers = {
  allowedStages: ({ map, allowedStages }) => allowedStages.map((key) => stageOf(map, key)),
  rulesThatCouldMove: ({ map, rulesThatCouldMove }) => rulesThatCouldMove.map((rule) => ({ map, rule })),
};

export const Stage: StageResolvers = {
  key: ({ stage }) => stage.key,
  name: ({ stage }) => stage.name,
  description: ({ stage }) => stage.description,
  position: ({ stage }) => stage.position,
  offPath: ({ stage }) => stage.offPath,
  ownerTeam: ({ stage }) => stage.ownerTeam,
  reasonRequired: ({ stage }) => stage.reasonRequired,
  staleAfterDays: ({ stage }) => stage.staleAfterDays,
  customerCount: ({ map, stage }, _, { loaders }) => loaders.stageCount.load({ mapId: map.id, stage: stage.key }),
  customers: ({ map, stage }, { first, after }, context) =>
    customersInStages(context.services, map, [stage.key], { first, after }, countsOf(context)),
};

export const Move: MoveResolvers = {
  from: ({ map, move }) => ({ map, stage: requireStage(map, move.from, 'from') }),
  to: ({ map, move }) => ({ map, stage: requireStage(map, move.to, 'to') }),
};

import { requireStage } from '../../domain/map';
import { customersInStages } from '../../app/workLists';
import type { LifecycleMapResolvers, MoveResolvers, StageResolvers } from '../generated/types';
import { countsOf } from '../loaders';

export const LifecycleMap: LifecycleMapResolvers = {
  stages: (map) => [...map.stages].sort((a, b) => a.position - b.position).map((stage) => ({ map, stage })),
  moves: (map) => map.moves.map((move) => ({ map, move })),
  bands: (map) => [...map.bands].sort((a, b) => a.min - b.min),
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
  customerCount: async ({ map, stage }, _, { loaders }) => (await loaders.stageCounts.load(map.id)).get(stage.key) ?? 0,
  customers: ({ map, stage }, { first, after }, context) =>
    customersInStages(context.services, map, [stage.key], { first, after }, countsOf(context)),
};

export const Move: MoveResolvers = {
  from: ({ map, move }) => ({ map, stage: requireStage(map, move.from, 'from') }),
  to: ({ map, move }) => ({ map, stage: requireStage(map, move.to, 'to') }),
};

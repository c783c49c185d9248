import { createLifecycleMap, updateLifecycleMap } from '../../app/editMaps';
import { requireStage, type LifecycleMap as LifecycleMapRecord } from '../../domain/map';
import type { LifecycleMapResolvers, MutationResolvers } from '../generated/types';

export const MapMutation: Pick<MutationResolvers, 'createLifecycleMap' | 'updateLifecycleMap'> = {
  createLifecycleMap: async (_, { input }, { services, caller, loaders }) => {
    const result = await createLifecycleMap(services, caller, input);
    if (!result.dryRun) loaders.rememberMap(result.map);
    return result;
  },
  updateLifecycleMap: async (_, request, { services, caller, loaders }) => {
    const result = await updateLifecycleMap(services, caller, request);
    if (!result.dryRun) loaders.rememberMap(result.map);
    return result;
  },
};

const stageOf = (map: LifecycleMapRecord, key: string) => ({ map, stage: requireStage(map, key, 'stage') });

/** The settings of a map that the work lists and insights read. */
export const MapSettings: Pick<LifecycleMapResolvers, 'atRiskStage' | 'churnedStage' | 'thankedStages'> = {
  atRiskStage: (map) => stageOf(map, map.atRiskStage),
  churnedStage: (map) => stageOf(map, map.churnedStage),
  thankedStages: (map) => map.thankedStages.map((key) => stageOf(map, key)),
};

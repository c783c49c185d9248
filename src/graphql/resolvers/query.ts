import { requireMap } from '../../app/maps';
import { requireReader } from '../../domain/access';
import { DEFAULT_MAP_ID } from '../../domain/defaultMap';
import { requireStage } from '../../domain/map';
import { pageSize } from '../../domain/validation';
import type { QueryResolvers } from '../generated/types';
import { customerConnection } from './connections';

export const Query: QueryResolvers = {
  lifecycleMap: (_, { id }, { caller, loaders }) => {
    requireReader(caller);
    return loaders.map.load(id ?? DEFAULT_MAP_ID);
  },

  customer: (_, { id }, { caller, loaders }) => {
    requireReader(caller);
    return loaders.customer.load(id);
  },

  customers: async (_, { mapId, stage, first, after }, context) => {
    requireReader(context.caller);
    const size = pageSize('first', first);
    const map = await requireMap(context.services.store, mapId ?? null, 'mapId');
    const stages = stage ? [requireStage(map, stage, 'stage').key] : map.stages.map((s) => s.key);
    return customerConnection(context, map, stages, size, after ?? null);
  },
};

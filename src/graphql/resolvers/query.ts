import { customerIdByExternalId, explainCustomerMove } from '../../app/customers';
import { readInsights } from '../../app/insights';
import { allMaps, requireMap } from '../../app/maps';
import { requireReader } from '../../domain/access';
import { DEFAULT_MAP_ID } from '../../domain/defaultMap';
import { requireStage } from '../../domain/map';
import {
  customersInStages,
  openComplaints,
  staleCustomers,
  unthankedCustomers,
  winBackCandidates,
} from '../../app/workLists';
import { countsOf } from '../loaders';
import type { GraphQLContext } from '../context';
import type { QueryResolvers } from '../generated/types';

/** Every query reads: the caller needs a role, and the map named (or the default one). */
async function readableMap({ caller, loaders }: GraphQLContext, mapId: string | null | undefined) {
  requireReader(caller);
  return requireMap((id) => loaders.map.load(id), mapId ?? null, 'mapId');
}

export const Query: QueryResolvers = {
  lifecycleMap: (_, { id, version }, { caller, loaders }) => {
    requireReader(caller);
    const mapId = id ?? DEFAULT_MAP_ID;
    return version === null || version === undefined ? loaders.map.load(mapId) : loaders.mapVersion.load({ mapId, version });
  },

  lifecycleMaps: async (_, __, { caller, services, loaders }) => {
    requireReader(caller);
    const maps = await allMaps(services);
    // Their stages' fields read the map through the loader: it need not read them again.
    for (const map of maps) loaders.map.prime(map.id, map);
    return maps;
  },

  customer: (_, { id }, { caller, loaders }) => {
    requireReader(caller);
    return loaders.customer.load(id);
  },

  customerByExternalId: async (_, { mapId, externalId }, context) => {
    const map = await readableMap(context, mapId);
    const id = await customerIdByExternalId(context.services, map.id, externalId);
    return id === null ? null : context.loaders.customer.load(id);
  },

  explainMove: (_, { customerId, toStage }, { caller, loaders }) => {
    requireReader(caller);
    return explainCustomerMove({ customer: (id) => loaders.customer.load(id), map: (id) => loaders.map.load(id) }, customerId, toStage);
  },

  customers: async (_, { mapId, stage, first, after }, context) => {
    const map = await readableMap(context, mapId);
    const stages = stage ? [requireStage(map, stage, 'stage').key] : map.stages.map((s) => s.key);
    return customersInStages(context.services, map, stages, { first, after }, countsOf(context));
  },

  atRiskCustomers: async (_, { mapId, ...page }, context) => {
    const map = await readableMap(context, mapId);
    return customersInStages(context.services, map, [map.atRiskStage], page, countsOf(context));
  },

  staleCustomers: async (_, { mapId, ...request }, context) =>
    staleCustomers(context.services, await readableMap(context, mapId), request),

  openComplaints: async (_, { mapId, ...page }, context) =>
    openComplaints(context.services, await readableMap(context, mapId), page),

  unthankedCustomers: async (_, { mapId, ...request }, context) =>
    unthankedCustomers(context.services, await readableMap(context, mapId), request),

  insights: async (_, { mapId, from, to }, context) =>
    readInsights(context.services, await readableMap(context, mapId), { from, to }),

  winBackCandidates: async (_, { mapId, ...page }, context) =>
    winBackCandidates(context.services, await readableMap(context, mapId), page, countsOf(context)),
};

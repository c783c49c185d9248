import type { LifecycleMap } from '../../domain/map';
import type { GraphQLContext } from '../context';
import type {
  CustomerConnectionResolvers,
  CustomerEdgeResolvers,
  TouchpointConnectionResolvers,
} from '../generated/types';
import type { CustomerConnectionParent } from '../mappers';

/** The customers standing in some stages of a map, counted from the stage counters only when asked. */
export async function customerConnection(
  { services, loaders }: GraphQLContext,
  map: LifecycleMap,
  stages: string[],
  first: number,
  after: string | null,
): Promise<CustomerConnectionParent> {
  const page = await services.store.customersInStages(map.id, stages, first, after);
  return {
    ...page,
    totalCount: async () => {
      const counts = await loaders.stageCounts.load(map.id);
      return stages.reduce((sum, stage) => sum + (counts.get(stage) ?? 0), 0);
    },
  };
}

const pageInfo = ({ nodes, hasNextPage }: { nodes: { cursor: string }[]; hasNextPage: boolean }) => ({
  hasNextPage,
  endCursor: nodes.at(-1)?.cursor ?? null,
});

export const CustomerConnection: CustomerConnectionResolvers = {
  edges: (connection) => connection.nodes,
  pageInfo,
  totalCount: (connection) => connection.totalCount(),
};

export const CustomerEdge: CustomerEdgeResolvers = {};

export const TouchpointConnection: TouchpointConnectionResolvers = {
  edges: (connection) => connection.nodes,
  pageInfo,
};

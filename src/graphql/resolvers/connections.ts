import type {
  CustomerConnectionResolvers,
  CustomerEdgeResolvers,
  TouchpointConnectionResolvers,
} from '../generated/types';

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
  totalCount: (connection) => connection.totalCount(),
};

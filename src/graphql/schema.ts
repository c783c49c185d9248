import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { typeDefs } from './generated/typeDefs';
import { resolvers } from './resolvers';

/** The schema the server runs: the SDL of schema/ with its resolvers. schema.graphql is this, printed. */
export function executableSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs, resolvers });
}

import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from '../log';
import type { GraphQLContext } from './context';
import { formatError } from './errors';
import { typeDefs } from './generated/typeDefs';
import { QUERY_LIMITS, armorProtection, costLimitPlugin, queriesAndMutationsOnly } from './limits';
import { requestLogPlugin } from './requestLog';
import { resolvers } from './resolvers';
import { unavailablePlugin } from './unavailable';

export interface ServerOptions {
  /** Production hides the schema: no introspection, no field suggestions. Decided by stage, not NODE_ENV. */
  isProduction: boolean;
  logger: Logger;
}

/** The Apollo server, made once per container. */
export function createApolloServer({ isProduction, logger }: ServerOptions): ApolloServer<GraphQLContext> {
  const armor = armorProtection(isProduction);
  return new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers,
    introspection: !isProduction,
    hideSchemaDetailsFromClientErrors: isProduction,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: [...armor.validationRules, queriesAndMutationsOnly],
    // Automatic persisted queries would let a client grow an in-memory cache per container; we have no use for them.
    persistedQueries: false,
    plugins: [
      // Apollo installs both unless told not to. Inline traces serve federation, which we are not, and its module
      // loads a protobuf library on every cold start; the landing page would load from a CDN.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ...armor.plugins,
      costLimitPlugin(),
      unavailablePlugin(),
      requestLogPlugin(logger),
    ],
    formatError,
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  });
}

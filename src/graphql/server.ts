import { ApolloServer } from '@apollo/server';
import type { Logger } from '../log';
import type { GraphQLContext } from './context';
import { formatError } from './errors';
import { typeDefs as localTypeDefs } from './generated/localTypeDefs';
import { typeDefs } from './generated/typeDefs';
import { QUERY_LIMITS, armorProtection, costLimitPlugin, queriesAndMutationsOnly } from './limits';
import { requestLogPlugin } from './requestLog';
import { unavailablePlugin } from './unavailable';
import { localResolvers, resolvers } from './resolvers';

export interface ServerOptions {
  /** Production hides the schema: no introspection, no field suggestions. Decided by stage, not NODE_ENV. */
  isProduction: boolean;
  logger: Logger;
  /** LOCAL ONLY: serve schema/local/ (the movable clock and reset) too. Deployed stages never do. */
  localEmulation?: boolean;
}

/** The Apollo server, made once per container. */
export function createApolloServer({ isProduction, logger, localEmulation = false }: ServerOptions): ApolloServer<GraphQLContext> {
  const armor = armorProtection(isProduction);
  return new ApolloServer<GraphQLContext>({
    typeDefs: localEmulation ? [typeDefs, localTypeDefs] : typeDefs,
    resolvers: localEmulation ? localResolvers : resolvers,
    introspection: !isProduction,
    hideSchemaDetailsFromClientErrors: isProduction,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: [...armor.validationRules, queriesAndMutationsOnly],
    // Automatic persisted queries would let a client grow an in-memory cache per container; we have no use for them.
    persistedQueries: false,
    plugins: [...armor.plugins, costLimitPlugin(), unavailablePlugin(), requestLogPlugin(logger)],
    formatError,
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  });
}

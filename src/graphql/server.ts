import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from '../log';
import type { GraphQLContext } from './context';
import { formatError } from './errors';
import { QUERY_LIMITS, armorProtection, costLimitPlugin, queriesAndMutationsOnly } from './limits';
import { requestLogPlugin } from './requestLog';
import { executableSchema } from './schema';
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
    schema: executableSchema(),
    introspection: !isProduction,
    hideSchemaDetailsFromClientErrors: isProduction,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: [...armor.validationRules, queriesAndMutationsOnly],
    // Automatic persisted queries would let a client grow an in-memory cache per container; we have no use for them.
    persistedQueries: false,
    // Apollo's landing page loads its explorer from a CDN, with no token; `npm start` serves GraphiQL instead.
    plugins: [ApolloServerPluginLandingPageDisabled(), ...armor.plugins, costLimitPlugin(), unavailablePlugin(), requestLogPlugin(logger)],
    formatError,
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  });
}

import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from '../log';
import type { GraphQLContext } from './context';
import { formatError } from './errors';
import { queryCostPlugin } from './cost';
import { QUERY_LIMITS, armorProtection, queriesAndMutationsOnly } from './limits';
import { requestLogPlugin } from './requestLog';
import { requestOutcomePlugin } from './requestOutcome';
import { unavailablePlugin } from './unavailable';
import { createSchema } from './schema';

export interface ServerOptions {
  /** Deployed stages hide the schema: no introspection, no field suggestions. Decided by stage, not NODE_ENV. */
  isDeployed: boolean;
  logger: Logger;
  /** LOCAL ONLY: serve schema/local/ (the movable clock and reset) too. Deployed stages never do. */
  localEmulation?: boolean;
}

/** The Apollo server, made once per container. */
export function createApolloServer({ isDeployed, logger, localEmulation = false }: ServerOptions): ApolloServer<GraphQLContext> {
  const armor = armorProtection(isDeployed);
  return new ApolloServer<GraphQLContext>({
    schema: createSchema(localEmulation),
    introspection: !isDeployed,
    hideSchemaDetailsFromClientErrors: isDeployed,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: [...armor.validationRules, queriesAndMutationsOnly],
    // Automatic persisted queries would let a client grow an in-memory cache per container; we have no use for them.
    persistedQueries: false,
    plugins: [
      // Apollo installs these unless told not to. Inline traces serve federation, which we are not, and load a
      // protobuf library at every cold start (the bundle leaves it out: scripts/esbuildPlugins.cjs); usage reporting
      // would load it too if APOLLO_KEY were ever set. The landing page would load from a CDN. Cache control hooks
      // every resolved field for hints that nothing here gives: answers are per caller, never cached.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...armor.plugins,
      queryCostPlugin(),
      unavailablePlugin(),
      requestLogPlugin(logger),
      requestOutcomePlugin(),
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

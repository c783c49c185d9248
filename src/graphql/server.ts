import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, concatAST, type GraphQLSchema } from 'graphql';
import type { Logger } from '../log';
import type { GraphQLContext } from './context';
import { formatError } from './errors';
import { schemaDocument as localSchemaDocument } from './generated/localTypeDefs';
import { schemaDocument } from './generated/typeDefs';
import { QUERY_LIMITS, armorProtection, costLimitPlugin, queriesAndMutationsOnly } from './limits';
import { requestLogPlugin } from './requestLog';
import { requestOutcomePlugin } from './requestOutcome';
import { unavailablePlugin } from './unavailable';
import { localResolvers, resolvers } from './resolvers';

export interface ServerOptions {
  /** Production hides the schema: no introspection, no field suggestions. Decided by stage, not NODE_ENV. */
  isProduction: boolean;
  logger: Logger;
  /** LOCAL ONLY: serve schema/local/ (the movable clock and reset) too. Deployed stages never do. */
  localEmulation?: boolean;
}

/**
 * The executable schema, built the short way: the generated SDL is already merged and valid (codegen printed it
 * from a valid schema, and \`npm test\` fails when it is stale), so it is built without re-validating the SDL, and
 * resolvers are set on it in place. Apollo's own route (makeExecutableSchema: merge, validate, then copy the whole
 * schema to add resolvers) cost each cold start about 80 ms.
 */
export function createSchema(localEmulation = false): GraphQLSchema {
  return addResolversToSchema({
    // LOCAL ONLY: schema/local/ (the movable clock and reset) extends the schema the local stack serves.
    schema: buildASTSchema(localEmulation ? concatAST([schemaDocument, localSchemaDocument]) : schemaDocument, { assumeValidSDL: true }),
    resolvers: localEmulation ? localResolvers : resolvers,
    updateResolversInPlace: true,
  });
}

/** The Apollo server, made once per container. */
export function createApolloServer({ isProduction, logger, localEmulation = false }: ServerOptions): ApolloServer<GraphQLContext> {
  const armor = armorProtection(isProduction);
  return new ApolloServer<GraphQLContext>({
    schema: createSchema(localEmulation),
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
      // Apollo installs these unless told not to. Inline traces serve federation, which we are not, and load a
      // protobuf library at every cold start (the bundle leaves it out: scripts/esbuildPlugins.cjs); usage reporting
      // would load it too if APOLLO_KEY were ever set. The landing page would load from a CDN. Cache control hooks
      // every resolved field for hints that nothing here gives: answers are per caller, never cached.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...armor.plugins,
      costLimitPlugin(),
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

import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, concatAST, type GraphQLSchema } from 'graphql';
import { schemaDocument as localSchemaDocument } from './generated/localTypeDefs';
import { schemaDocument } from './generated/typeDefs';
import { localResolvers, resolvers } from './resolvers';

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

/** The schema deployed stages run: schema.graphql is this, printed. */
export function executableSchema(): GraphQLSchema {
  return createSchema(false);
}

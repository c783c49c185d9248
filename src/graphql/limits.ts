import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Query limits. The deepest legitimate query,
 *   lifecycleMap { stages { customers { edges { node { journey { touchpoint { band { key } } } } } } } }
 * is 9 fields deep; the limit leaves a margin of 3. Messages say what is wrong, never where the limits are.
 */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2000,
  /** Objects an answer may hold. The deepest legitimate query at default page sizes holds 15,610; 100 customers x 100 touchpoints, 30,300. */
  maxCost: 20_000,
  /** DynamoDB requests an operation may cause, at the prices of src/graphql/prices.ts. */
  maxDynamoDbRequests: 300,
  // A batch of 100 touchpoints with notes fits; anything larger is refused before it is parsed.
  maxBodyBytes: 256 * 1024,
} as const;

/** What a refused over-limit query is told: what is wrong, never where the limit is. */
export const LIMIT_MESSAGES = {
  depth: 'The query is nested too deeply',
  aliases: 'The query has too many aliases',
  directives: 'The query has too many directives',
  cost: 'The query asks for too much at once; ask for fewer items per page',
  budget: 'The query would read too much at once; ask for fewer lists, counts or items per page',
} as const;

export const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });

const refuseWith = (message: string) => ({
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null) => context?.reportError(tooComplex(message))],
});

/** graphql-armor's depth, alias and directive rules, and its masking of "Did you mean" field suggestions. */
export function armorProtection(isDeployed: boolean) {
  return new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ...refuseWith(LIMIT_MESSAGES.depth) },
    maxAliases: { n: QUERY_LIMITS.maxAliases, allowList: [], ...refuseWith(LIMIT_MESSAGES.aliases) },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...refuseWith(LIMIT_MESSAGES.directives) },
    // Our cost rule below reads variables and defaults, which armor's cannot; Apollo's parser counts tokens.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    // Suggestions help developers; deployed they would map the schema for an attacker.
    blockFieldSuggestion: { enabled: isDeployed },
  }).protect();
}

/** This API has queries and mutations only; graphql 16 would otherwise fail a subscription at execution. */
export function queriesAndMutationsOnly(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === 'subscription') {
        context.reportError(new GraphQLError('This API has no subscriptions', { nodes: node }));
      }
    },
  };
}

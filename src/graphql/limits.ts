import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { PAGE_SIZE } from '../domain/validation';
import type { GraphQLContext } from './context';

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
  /** The deepest legitimate query at default page sizes costs 15,610; 100 customers x 100 touchpoints, 30,300. */
  maxCost: 20_000,
  // A batch of 100 touchpoints with notes fits; anything larger is refused before it is parsed.
  maxBodyBytes: 256 * 1024,
} as const;

/** What a refused over-limit query is told: what is wrong, never where the limit is. */
export const LIMIT_MESSAGES = {
  depth: 'The query is nested too deeply',
  aliases: 'The query has too many aliases',
  directives: 'The query has too many directives',
  cost: 'The query asks for too much at once; ask for fewer items per page',
} as const;

const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });

const refuseWith = (message: string) => ({
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null) => context?.reportError(tooComplex(message))],
});

/** graphql-armor's depth, alias and directive rules, and its masking of "Did you mean" field suggestions. */
export function armorProtection(isProduction: boolean) {
  return new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ...refuseWith(LIMIT_MESSAGES.depth) },
    maxAliases: { n: QUERY_LIMITS.maxAliases, allowList: [], ...refuseWith(LIMIT_MESSAGES.aliases) },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...refuseWith(LIMIT_MESSAGES.directives) },
    // Our cost rule below reads variables and defaults, which armor's cannot; Apollo's parser counts tokens.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    // Suggestions help developers; in production they would map the schema for an attacker.
    blockFieldSuggestion: { enabled: isProduction },
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

/**
 * How many items a list field without `first` yields at most, for the cost estimate. A connection's edges are
 * already counted by the connection's `first`.
 */
const FIXED_LIST_SIZE: Record<string, number> = {
  edges: 1,
  stages: 10,
  moves: 30,
  bands: 5,
  journey: 25,
  conversion: 10,
  transitions: 50,
  stageDurations: 10,
};

/**
 * A cost ceiling: each object field costs 1, and a list multiplies what it selects by its `first` (literal or
 * variable; the default page size when omitted) or by the fixed size of a short list. Runs once the operation
 * is known, so variables count; a query over the ceiling is refused before any resolver runs.
 */
export function costLimitPlugin(maxCost: number = QUERY_LIMITS.maxCost): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema, contextValue }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
          if (!root) return;
          const cost = selectionCost(schema, root, operation.selectionSet, fragments, request.variables ?? {}, 0);
          contextValue.outcome.queryCost = cost;
          if (cost > maxCost) throw tooComplex(LIMIT_MESSAGES.cost);
        },
      };
    },
  };
}

function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  depth: number,
): number {
  if (depth > QUERY_LIMITS.maxDepth * 2) return Number.POSITIVE_INFINITY;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += fieldCost(schema, parent, selection, fragments, variables, depth);
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const typeName = fragment.typeCondition?.name.value;
      const type = typeName ? schema.getType(typeName) : parent;
      if (isObjectType(type)) cost += selectionCost(schema, type, fragment.selectionSet, fragments, variables, depth);
    }
  }
  return cost;
}

function fieldCost(
  schema: GraphQLSchema,
  parent: GraphQLObjectType,
  field: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  depth: number,
): number {
  const definition = parent.getFields()[field.name.value];
  if (!definition || !field.selectionSet) return 0;
  const named = getNamedType(definition.type);
  if (!isObjectType(named)) return 0;
  const inner = 1 + selectionCost(schema, named, field.selectionSet, fragments, variables, depth + 1);
  const unwrapped = isNonNullType(definition.type) ? definition.type.ofType : definition.type;
  if (definition.args.some((arg) => arg.name === 'first')) return inner * pageSizeOf(field, variables);
  if (isListType(unwrapped)) return inner * (FIXED_LIST_SIZE[field.name.value] ?? PAGE_SIZE.max);
  return inner;
}

function pageSizeOf(field: FieldNode, variables: Record<string, unknown>): number {
  const argument = field.arguments?.find((arg) => arg.name.value === 'first');
  let value: unknown = PAGE_SIZE.default;
  if (argument?.value.kind === Kind.INT) value = Number(argument.value.value);
  if (argument?.value.kind === Kind.VARIABLE) value = variables[argument.value.name.value] ?? PAGE_SIZE.default;
  // An out-of-range first is refused by its resolver; here it only must not make the estimate too small.
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(1, Math.min(value, PAGE_SIZE.max)) : PAGE_SIZE.max;
}

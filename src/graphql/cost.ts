import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { insightWindow } from '../domain/insights';
import { PAGE_SIZE } from '../domain/validation';
import { INSIGHT_SHARDS } from '../store/keys';
import type { GraphQLContext } from './context';
import { LIMIT_MESSAGES, QUERY_LIMITS, tooComplex } from './limits';
import { FIXED_LIST_SIZE, PRICES, STAGES, type Price } from './prices';

/** Estimates in hundredths of a request, so that a key read through a loader (1/100 request) adds up exactly. */
const CENTS = 100;
const BATCH_GET_KEYS = 100;

/**
 * Two estimates of an operation, both made by graphql-query-complexity before any resolver runs, with variables
 * and defaults counted: the objects it returns (each object 1, a list multiplying what it selects by its page
 * size) and the DynamoDB requests it causes (each field at its price in src/graphql/prices.ts). Over either limit
 * the request is QUERY_TOO_COMPLEX and reads nothing.
 */
export function queryCostPlugin(
  limits: { maxObjects: number; maxRequests: number } = { maxObjects: QUERY_LIMITS.maxCost, maxRequests: QUERY_LIMITS.maxDynamoDbRequests },
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema, contextValue }) {
          const cost = operationCost(schema, document, request.variables ?? {}, request.operationName ?? undefined, contextValue.services.clock());
          if (cost === null) return;
          // The metrics report what the operation was estimated to cost in DynamoDB requests.
          contextValue.outcome.queryCost = cost.requests;
          if (cost.objects > limits.maxObjects) throw tooComplex(LIMIT_MESSAGES.cost);
          if (cost.requests > limits.maxRequests) throw tooComplex(LIMIT_MESSAGES.budget);
        },
      };
    },
  };
}

export interface OperationCost {
  /** Objects the answer may hold. */
  objects: number;
  /** DynamoDB requests the operation may cause. */
  requests: number;
}

/**
 * Both estimates of an operation; null when its variables or arguments do not fit the schema, which execution
 * then refuses with BAD_USER_INPUT before any resolver runs.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  now: Date,
): OperationCost | null {
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((definition) => [definition.name.value, definition]),
  );
  const measure = (estimator: ComplexityEstimator) =>
    getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] });
  try {
    return { objects: measure(objectCount), requests: measure(dynamoDbCents(fragments, now)) / CENTS };
  } catch (error) {
    if (error instanceof GraphQLError) return null;
    throw error;
  }
}

/**
 * Introspection (GraphiQL's schema query, served only where introspection is on) reads the schema in memory: it
 * costs neither objects from DynamoDB nor requests.
 */
const introspection = (type: { name: string }, field: { name: string }) => type.name.startsWith('__') || field.name.startsWith('__');

/** Each object the answer holds costs 1; a list multiplies what it selects. */
const objectCount: ComplexityEstimator = ({ type, field, args, childComplexity }) =>
  introspection(type, field) ? 0 : isObjectType(getNamedType(field.type)) ? (1 + childComplexity) * multiplier(field, args) : 0;

/** A field's own requests at its price, plus what it selects times how many items it yields. */
function dynamoDbCents(fragments: Map<string, FragmentDefinitionNode>, now: Date): ComplexityEstimator {
  return ({ type, field, node, args, childComplexity }) => {
    if (introspection(type, field)) return 0;
    const price = PRICES[`${type.name}.${field.name}`];
    const own = price === undefined ? 0 : ownRequests(price, args, now) + countRequests(price, node, fragments);
    return Math.round(own * CENTS) + childComplexity * multiplier(field, args);
  };
}

function ownRequests(price: Price, args: Record<string, unknown>, now: Date): number {
  if (price.window) return price.requests + windowRequests(args, now);
  if (price.perInputItem !== undefined) return price.requests + price.perInputItem * inputItems(args);
  if (price.perStage && (args['stage'] === undefined || args['stage'] === null)) return price.requests * STAGES;
  return price.requests;
}

/** How many items a batch carries: as sent (a batch over the limit is refused by its resolver, reading nothing). */
function inputItems(args: Record<string, unknown>): number {
  const items = (args['input'] as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? Math.min(items.length, PAGE_SIZE.max) : PAGE_SIZE.max;
}

/** A window's day and month counter items, read 100 keys a request; a window the resolver refuses reads nothing. */
function windowRequests(args: Record<string, unknown>, now: Date): number {
  try {
    const window = insightWindow(args['from'] as string | undefined, args['to'] as string | undefined, now);
    return Math.ceil(((window.days.length + window.months.length) * INSIGHT_SHARDS) / BATCH_GET_KEYS);
  } catch {
    return 0;
  }
}

function countRequests(price: Price, node: FieldNode, fragments: Map<string, FragmentDefinitionNode>): number {
  return price.totalCount !== undefined && selects(node.selectionSet, 'totalCount', fragments) ? price.totalCount : 0;
}

/** Whether a selection set asks for the field, directly or through fragments (@skip is not read: an over-estimate). */
function selects(
  selectionSet: SelectionSetNode | undefined,
  name: string,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): boolean {
  return (selectionSet?.selections ?? []).some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name;
    if (selection.kind === Kind.INLINE_FRAGMENT) return selects(selection.selectionSet, name, fragments, seen);
    if (seen.has(selection.name.value)) return false;
    seen.add(selection.name.value);
    return selects(fragments.get(selection.name.value)?.selectionSet, name, fragments, seen);
  });
}

/** How many items a field yields: its `first` (the default page size when omitted), a short list's size, or 1. */
function multiplier(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  if (field.args.some((arg) => arg.name === 'first')) return pageSizeOf(args['first']);
  const type = isNonNullType(field.type) ? field.type.ofType : field.type;
  return isListType(type) ? (FIXED_LIST_SIZE[field.name] ?? PAGE_SIZE.max) : 1;
}

function pageSizeOf(first: unknown): number {
  if (first === undefined || first === null) return PAGE_SIZE.default;
  // An out-of-range first is refused by its resolver; here it only must not make the estimate too small.
  return typeof first === 'number' && Number.isFinite(first) ? Math.max(1, Math.min(Math.ceil(first), PAGE_SIZE.max)) : PAGE_SIZE.max;
}

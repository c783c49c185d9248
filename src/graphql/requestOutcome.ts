import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GraphQLContext } from './context';

/** What a request came to, for its metrics: filled by the handler (before GraphQL) and by the plugin below. */
export interface RequestOutcome {
  /**
   * The operation's root field (`recordTouchpoint`, `customers`): a bounded set, the schema's, so a fit metric
   * dimension, unlike the client-chosen operation name. `(several)` for more than one, `(none)` when no operation
   * was resolved (refused before or at parsing and validation), `(unauthenticated)` when refused before that.
   */
  operation: string;
  errorCodes: string[];
  /** The query's estimated cost, once the cost rule has computed it. */
  queryCost: number | undefined;
}

export function newRequestOutcome(): RequestOutcome {
  return { operation: '(none)', errorCodes: [], queryCost: undefined };
}

/** Records the operation's root field and the response's error codes in the request's outcome. */
export function requestOutcomePlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation, contextValue }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          contextValue.outcome.operation = operation ? rootFieldOf(operation) : '(none)';
          contextValue.outcome.errorCodes = (body?.errors ?? []).map((error) =>
            String(error.extensions?.['code'] ?? 'UNKNOWN'),
          );
        },
      };
    },
  };
}

/** The one root field an operation selects, looking through inline fragments; fragment spreads count as several. */
export function rootFieldOf(operation: OperationDefinitionNode): string {
  const names = new Set<string>();
  let spreads = false;
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) spreads = true;
    }
  };
  collect(operation.selectionSet);
  if (names.size === 1 && !spreads) return [...names][0] as string;
  return names.size === 0 && !spreads ? '(none)' : '(several)';
}

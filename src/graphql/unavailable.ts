import type { ApolloServerPlugin } from '@apollo/server';
import { RETRY_AFTER_SECONDS } from '../store/throttling';
import type { GraphQLContext } from './context';

/**
 * A request that DynamoDB kept throttling until its time ran out answers HTTP 503 with Retry-After, so that a
 * client's ordinary retry logic backs off (with the same idempotency key) instead of treating it as a refusal.
 */
export function unavailablePlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.some((error) => error.extensions?.['code'] === 'UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

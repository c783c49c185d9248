import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../domain/errors';
import type { Logger } from '../log';
import type { GraphQLContext } from './context';
import { CLIENT_ERROR_CODES, INTERNAL_ERROR_MESSAGE } from './errors';

/**
 * One structured line per request: request id, operation, caller, duration and error codes. Faults of ours are
 * logged with their stack under the same request id that the client's INTERNAL_SERVER_ERROR carries.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const code = error.extensions?.['code'];
            const ours = !(original instanceof DomainError) && !(typeof code === 'string' && CLIENT_ERROR_CODES.has(code));
            if (ours) {
              logger.error(
                { requestId: contextValue.requestId, err: original, path: error.path },
                'unexpected error while serving a request',
              );
            }
          }
        },
        async willSendResponse({ response, operationName, operation }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const errors = body?.errors ?? [];
          for (const error of errors) {
            if (error.extensions?.['code'] === 'INTERNAL_SERVER_ERROR' && error.message === INTERNAL_ERROR_MESSAGE) {
              (error.extensions as Record<string, unknown>)['requestId'] = contextValue.requestId;
            }
          }
          logger.info(
            {
              requestId: contextValue.requestId,
              apiRequestId: contextValue.apiRequestId,
              operationName: operationName ?? null,
              operationType: operation?.operation ?? null,
              sub: contextValue.caller.sub,
              roles: contextValue.caller.roles,
              durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
              status: response.http.status ?? 200,
              errorCodes: errors.map((error) => error.extensions?.['code'] ?? 'UNKNOWN'),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

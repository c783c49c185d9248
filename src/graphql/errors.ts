import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, type DomainErrorCode } from '../domain/errors';
import { LIMIT_MESSAGES } from './limits';

/**
 * Codes a client may see. Domain codes come from DomainError; the rest are Apollo's and the limits' own request
 * errors. Anything else is a fault of ours and reaches the client only as INTERNAL_SERVER_ERROR.
 */
export const CLIENT_ERROR_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_MOVE',
  'UNAVAILABLE',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'PERSISTED_QUERY_ID_REQUIRED',
  'METHOD_NOT_ALLOWED',
  'QUERY_TOO_COMPLEX',
  'PAYLOAD_TOO_LARGE',
]);

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

const HTTP_STATUS: Partial<Record<DomainErrorCode, number>> = { UNAUTHENTICATED: 401 };

/** A domain refusal as a GraphQL error: its code, the field at fault and, for INVALID_MOVE, the allowed moves. */
export function domainToGraphQLError(error: DomainError): GraphQLError {
  const status = HTTP_STATUS[error.code];
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.allowed === undefined ? {} : { allowed: error.allowed }),
      ...(status === undefined ? {} : { http: { status } }),
    },
  });
}

/**
 * Apollo's formatError: domain refusals keep their code and details; Apollo's request errors keep theirs;
 * everything else is masked. Never throws, never lets a stack trace or an internal message out.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const location = {
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
  };
  if (original instanceof DomainError) {
    const { extensions } = domainToGraphQLError(original);
    const { http: _, ...visible } = extensions;
    return { message: original.message, ...location, extensions: visible };
  }
  const code = formatted.extensions?.['code'];
  const fromRequest = original instanceof GraphQLError || !(original instanceof Error);
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code) && fromRequest) {
    const { stacktrace: _, exception: __, ...visible } = formatted.extensions ?? {};
    if (code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT.test(formatted.message)) {
      return { message: 'The query is too large', extensions: { code: 'QUERY_TOO_COMPLEX' } };
    }
    // Apollo files every validation-rule error under GRAPHQL_VALIDATION_FAILED; limits keep their own code.
    if (LIMIT_MESSAGE_SET.has(formatted.message)) {
      return { message: formatted.message, ...location, extensions: { code: 'QUERY_TOO_COMPLEX' } };
    }
    return { message: withoutEchoedValues(formatted.message), ...location, extensions: visible };
  }
  return { message: INTERNAL_ERROR_MESSAGE, ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

const LIMIT_MESSAGE_SET = new Set<string>(Object.values(LIMIT_MESSAGES));

// graphql-js's parser names its token limit in the message; the client learns only that the query is too large.
// (graphql 16 spells it "more that 2000 tokens".)
const TOKEN_LIMIT = /contains more th\w+ \d+ tokens/;

/**
 * graphql-js quotes the offending value in parse and coercion messages ("got invalid value {...}", "cannot
 * represent ...: x", "found x", "Unexpected Name \"x\""). A client's values may be personal data and must not
 * come back in an error, so the messages keep where and what kind of problem, not the value.
 */
export function withoutEchoedValues(message: string): string {
  return message
    .replace(/ got invalid value [\s\S]*? at "/, ' got an invalid value at "')
    .replace(/ got invalid value [\s\S]*?;/, ' got an invalid value;')
    .replace(/(cannot represent [^:;]*?value): [\s\S]*?(;|$)/g, '$1$2')
    .replace(/Value [\s\S]*? does not exist in "(\w+)" enum\./g, 'The value is not one of the $1 values.')
    .replace(/, found [\s\S]*?\./g, '.')
    .replace(/^(Syntax Error: [^"]*?)\s*"[\s\S]*$/, '$1')
    .trim();
}

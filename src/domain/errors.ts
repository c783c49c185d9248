/**
 * The closed set of codes a client may see for a refused request. Each becomes extensions.code unchanged; anything
 * thrown that is not a DomainError is masked as INTERNAL_SERVER_ERROR by the GraphQL layer.
 */
export type DomainErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_MOVE'
  /** DynamoDB kept throttling until the request's time ran out: try again later (HTTP 503, Retry-After). */
  | 'UNAVAILABLE';

export interface DomainErrorDetails {
  /** The input field at fault, as the client named it (e.g. "input.score"). */
  field?: string;
  /** For INVALID_MOVE: the stage keys that may follow the customer's stage. */
  allowed?: string[];
  /** For BAD_USER_INPUT on a whole document (a map): every problem found, each with its field path. */
  problems?: { field: string; message: string }[];
  /** For CONFLICT over records that stand in the way (customers in a removed stage): how many. */
  count?: number;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly field: string | undefined;
  readonly allowed: string[] | undefined;
  readonly problems: { field: string; message: string }[] | undefined;
  readonly count: number | undefined;

  constructor(code: DomainErrorCode, message: string, details: DomainErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DomainError';
    this.code = code;
    this.field = details.field;
    this.allowed = details.allowed;
    this.problems = details.problems;
    this.count = details.count;
  }
}

export const badInput = (field: string, message: string): DomainError =>
  new DomainError('BAD_USER_INPUT', message, { field });

export const notFound = (what: string, field?: string): DomainError =>
  new DomainError('NOT_FOUND', `${what} was not found`, field === undefined ? {} : { field });

export const conflict = (message: string, field?: string): DomainError =>
  new DomainError('CONFLICT', message, field === undefined ? {} : { field });

/**
 * A request refused before GraphQL executes it (too large, not JSON, an unknown trusted document): the handler
 * answers it with this status and a GraphQL error carrying the code and, when a field is at fault, its name.
 */
export class RequestRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

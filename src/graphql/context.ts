import type { Services } from '../app/services';
import type { Caller } from '../domain/access';
import type { Loaders } from './loaders';

/** Built once per request by the handler's context function. */
export interface GraphQLContext {
  services: Services;
  caller: Caller;
  loaders: Loaders;
  requestId: string;
}

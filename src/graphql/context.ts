import type { LocalServices } from '../app/local/localServices';
import type { Services } from '../app/services';
import type { Caller } from '../domain/access';
import type { Loaders } from './loaders';

/** Built once per request by the handler's context function. */
export interface GraphQLContext {
  services: Services;
  caller: Caller;
  loaders: Loaders;
  requestId: string;
  /** LOCAL ONLY: the local stack's clock and reset; undefined on deployed stages. */
  local?: LocalServices | undefined;
}

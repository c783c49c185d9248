import type { LocalServices } from '../app/local/localServices';
import type { Services } from '../app/services';
import type { Caller } from '../domain/access';
import type { Loaders } from './loaders';
import type { RequestOutcome } from './requestOutcome';

/** Built once per request by the handler's context function. */
export interface GraphQLContext {
  services: Services;
  caller: Caller;
  loaders: Loaders;
  /** Lambda's request id. */
  requestId: string;
  /** LOCAL ONLY: the local stack's clock and reset; undefined on deployed stages. */
  local?: LocalServices | undefined;
  /** API Gateway's request id: the `apigw-requestid` header the client sees and the access log's key. */
  apiRequestId: string;
  /** Filled as the request goes, read by the handler for the request's metrics. */
  outcome: RequestOutcome;
}

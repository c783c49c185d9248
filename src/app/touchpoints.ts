import type { Touchpoint } from '../domain/records';
import { pageSize } from '../domain/validation';
import type { Team } from '../domain/vocabulary';
import { boundPage } from './boundPage';
import type { Services } from './services';
import type { Listing, ListRequest } from './workLists';

/** A page of a customer's touchpoints (of one team), in the order they happened; counted only when asked. */
export async function customerTouchpoints(
  services: Services,
  customerId: string,
  request: ListRequest & { team: Team | null },
): Promise<Listing<Touchpoint>> {
  const size = pageSize('first', request.first);
  const page = await boundPage(services, ['touchpoints', customerId, request.team], request.after, (position) =>
    services.store.touchpoints(customerId, size, position, request.team),
  );
  return { ...page, totalCount: () => services.store.countTouchpoints(customerId, request.team) };
}

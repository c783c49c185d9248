import type { Caller } from '../domain/access';
import { notFound } from '../domain/errors';
import { erasedCustomer, requireCanErase, type Erasure } from '../domain/privacy';
import type { Customer } from '../domain/records';
import { LIMITS, requiredLine } from '../domain/validation';
import { whileStale } from './retryStale';
import type { Services } from './services';

export interface EraseCustomerResult {
  erasure: Erasure;
  customer: Customer;
}

/**
 * Erases a customer's personal data and keeps its facts. Idempotent: a customer already erased answers its first
 * erasure, and every call sweeps the notes again, so a call that stopped halfway is completed by the next.
 */
export async function eraseCustomer(services: Services, caller: Caller, customerId: string, reason: string): Promise<EraseCustomerResult> {
  requireCanErase(caller);
  const why = requiredLine('reason', reason, LIMITS.reason);
  const result = await whileStale(async (): Promise<EraseCustomerResult> => {
    const before = await services.store.getCustomer(customerId, true);
    if (!before) throw notFound('The customer', 'customerId');
    if (before.erasedAt) {
      const erasure = await services.privacy.erasure(customerId);
      if (!erasure) throw new Error(`Customer ${customerId} is erased without an erasure record`);
      return { erasure, customer: before };
    }
    const now = services.clock();
    const erasure: Erasure = { customerId, erasedAt: now.toISOString(), erasedBy: caller.sub, reason: why };
    const after = erasedCustomer(before, erasure.erasedAt);
    await services.privacy.erase(before, after, erasure);
    return { erasure, customer: after };
  });
  await services.privacy.removeNotes(customerId);
  return result;
}

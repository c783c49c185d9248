import type { Caller } from '../domain/access';
import { conflict, notFound } from '../domain/errors';
import { profileVersionOf, requireCanCorrectCustomer } from '../domain/privacy';
import type { Customer } from '../domain/records';
import { LIMITS, optionalEmail, optionalVersion, requiredLine } from '../domain/validation';
import { ExternalIdTaken } from '../store/privacy';
import { whileStale } from './retryStale';
import type { Services } from './services';

export interface UpdateCustomerRequest {
  customerId: string;
  /** Absent: unchanged. */
  name?: string | null;
  /** Absent: unchanged; null or blank: removed. */
  email?: string | null;
  externalId?: string | null;
  /** Compared with the customer's profileVersion, never with version (the move lock). */
  expectedVersion?: number | null;
}

/** Corrects a customer's name, email or externalId, validated as at creation; the customer does not move. */
export async function updateCustomer(services: Services, caller: Caller, request: UpdateCustomerRequest): Promise<Customer> {
  requireCanCorrectCustomer(caller);
  const name = request.name === undefined || request.name === null ? undefined : requiredLine('input.name', request.name, LIMITS.name);
  const email = request.email === undefined ? undefined : optionalEmail('input.email', request.email);
  const externalId =
    request.externalId === undefined || request.externalId === null
      ? undefined
      : requiredLine('input.externalId', request.externalId, LIMITS.externalId);
  const expected = optionalVersion('input.expectedVersion', request.expectedVersion);

  return whileStale(async () => {
    const before = await services.store.getCustomer(request.customerId, true);
    if (!before) throw notFound('The customer', 'input.customerId');
    if (before.erasedAt) throw conflict('The customer was erased; its personal data can no longer be corrected', 'input.customerId');
    if (expected !== null && expected !== profileVersionOf(before)) {
      throw conflict('The customer was corrected since that version', 'input.expectedVersion');
    }
    const after: Customer = {
      ...before,
      name: name ?? before.name,
      email: email === undefined ? before.email : email,
      externalId: externalId ?? before.externalId,
      profileVersion: profileVersionOf(before) + 1,
    };
    try {
      await services.privacy.correct(before, after);
    } catch (error) {
      if (error instanceof ExternalIdTaken) {
        throw conflict(`A customer with this externalId already exists in map ${before.mapId}`, 'input.externalId');
      }
      // A ProfileChanged is read again by whileStale: against fresh state a stale expectedVersion is a CONFLICT.
      throw error;
    }
    return after;
  });
}

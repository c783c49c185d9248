import { DomainError } from './errors';
import type { Caller } from './access';
import type { Customer, Instant } from './records';

/** What an erased customer's name and externalId read: fixed text, so nothing of the person is left in them. */
export const ERASED = '[erased]';

/** The record of an erasure: who, when, why; never what was erased. */
export interface Erasure {
  customerId: string;
  erasedAt: Instant;
  erasedBy: string;
  reason: string;
}

/** Corrections are marketing's, who bring customers in, and admins'. */
export function requireCanCorrectCustomer(caller: Caller): void {
  if (!caller.roles.some((role) => role === 'marketing' || role === 'admin')) {
    throw new DomainError('FORBIDDEN', 'Only marketing and admin may correct customers');
  }
}

/** Erasure cannot be undone: admins only. */
export function requireCanErase(caller: Caller): void {
  if (!caller.roles.includes('admin')) throw new DomainError('FORBIDDEN', 'Only admin may erase customers');
}

export const profileVersionOf = (customer: Customer): number => customer.profileVersion ?? 1;

/** The customer as it stands once erased: its facts, none of its personal data. */
export function erasedCustomer(customer: Customer, erasedAt: Instant): Customer {
  return { ...customer, name: ERASED, externalId: ERASED, email: null, erasedAt, profileVersion: profileVersionOf(customer) + 1 };
}

import { eraseCustomer } from '../../app/eraseCustomer';
import { updateCustomer } from '../../app/updateCustomer';
import { profileVersionOf } from '../../domain/privacy';
import type { CustomerResolvers, MutationResolvers } from '../generated/types';

export const PrivacyMutation: Pick<MutationResolvers, 'updateCustomer' | 'eraseCustomer'> = {
  updateCustomer: async (_, { input }, { services, caller, loaders }) => {
    const customer = await updateCustomer(services, caller, input);
    loaders.customer.clear(customer.id).prime(customer.id, customer);
    return { customer };
  },

  eraseCustomer: async (_, { customerId, reason }, { services, caller, loaders }) => {
    const result = await eraseCustomer(services, caller, customerId, reason);
    loaders.customer.clear(customerId).prime(customerId, result.customer);
    return result;
  },
};

export const CustomerPrivacy: Pick<CustomerResolvers, 'profileVersion' | 'erasedAt'> = {
  profileVersion: (customer) => profileVersionOf(customer),
  erasedAt: (customer) => customer.erasedAt ?? null,
};

import { advanceCustomer } from '../../app/advanceCustomer';
import { createCustomer } from '../../app/createCustomer';
import { recordTouchpoint } from '../../app/recordTouchpoint';
import type { MutationResolvers } from '../generated/types';

export const Mutation: MutationResolvers = {
  createCustomer: async (_, { input }, { services, caller, loaders }) => {
    const { customer } = await createCustomer(services, caller, input);
    loaders.customer.prime(customer.id, customer);
    return { customer };
  },

  recordTouchpoint: (_, { input }, { services, caller }) => recordTouchpoint(services, caller, input),

  advanceCustomer: (_, { input }, { services, caller }) => advanceCustomer(services, caller, input),
};

import { advanceCustomer } from '../../app/advanceCustomer';
import { createCustomer } from '../../app/createCustomer';
import { recordTouchpoint, recordTouchpoints } from '../../app/recordTouchpoints';
import type { MutationResolvers, TouchpointResultResolvers } from '../generated/types';

export const Mutation: MutationResolvers = {
  createCustomer: async (_, { input }, { services, caller, loaders }) => {
    const { customer } = await createCustomer(services, caller, input);
    loaders.customer.prime(customer.id, customer);
    return { customer };
  },

  recordTouchpoint: (_, { input }, { services, caller }) => recordTouchpoint(services, caller, input),

  recordTouchpoints: async (_, { input }, { services, caller }) => {
    const results = await recordTouchpoints(services, caller, input);
    const recorded = results.filter((result) => result.ok).length;
    return { results, recorded, failed: results.length - recorded };
  },

  advanceCustomer: (_, { input }, { services, caller }) => advanceCustomer(services, caller, input),
};

export const TouchpointResult: TouchpointResultResolvers = {
  ok: (outcome) => outcome.ok,
  touchpoint: (outcome) => (outcome.ok ? outcome.result.touchpoint : null),
  transition: (outcome) => (outcome.ok ? outcome.result.transition : null),
  error: (outcome) =>
    outcome.ok ? null : { code: outcome.error.code, field: outcome.error.field ?? null, message: outcome.error.message },
};

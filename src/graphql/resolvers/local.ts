import { advanceLocalClock, readLocalClock, resetLocalClock, setLocalClock } from '../../app/local/localClock';
import type { LocalServices } from '../../app/local/localServices';
import { resetLocalData } from '../../app/local/resetLocalData';
import { requireReader } from '../../domain/access';
import type { Customer } from '../../domain/records';
import type { GraphQLContext } from '../context';
import type { LocalDataResetResolvers, MutationResolvers, QueryResolvers } from '../generated/types';

/** LOCAL ONLY: the fields of schema/local/, merged into the resolvers only when the local stack serves them. */
function localOf({ local }: GraphQLContext): LocalServices {
  // The server adds these resolvers only with local services; reaching here without them is a wiring fault.
  if (!local) throw new Error('Local emulation fields resolved without local services');
  return local;
}

export const LocalQuery: QueryResolvers = {
  localClock: (_, __, context) => {
    requireReader(context.caller);
    return readLocalClock(localOf(context));
  },
};

export const LocalMutation: MutationResolvers = {
  resetLocalData: (_, __, context) => resetLocalData(localOf(context), context.caller),
  setLocalClock: (_, { now }, context) => setLocalClock(localOf(context), context.caller, now),
  advanceLocalClock: (_, by, context) => advanceLocalClock(localOf(context), context.caller, by),
  resetLocalClock: (_, __, context) => resetLocalClock(localOf(context), context.caller),
};

export const LocalDataReset: LocalDataResetResolvers = {
  customers: async ({ customerIds }, _, { loaders }) => {
    const customers = await loaders.customer.loadMany(customerIds);
    return customers.filter((customer): customer is Customer => customer !== null && !(customer instanceof Error));
  },
  clock: (_, __, context) => readLocalClock(localOf(context)),
};

import { customerJourney } from '../../app/customers';
import { customerTouchpoints } from '../../app/touchpoints';
import { canSeePersonalData } from '../../domain/access';
import { bandOf, requireStage } from '../../domain/map';
import { waitingDays } from '../../domain/touchpoints';
import type { GraphQLContext } from '../context';
import type { CustomerResolvers, TouchpointResolvers, TransitionResolvers } from '../generated/types';

/** The map a record belongs to; a record always points at a stored map, so a missing one is a server fault. */
async function mapOf(mapId: string, { loaders }: GraphQLContext) {
  const map = await loaders.map.load(mapId);
  if (!map) throw new Error(`Map ${mapId} is missing`);
  return map;
}

const stageOf = async (mapId: string, key: string, context: GraphQLContext) => {
  const map = await mapOf(mapId, context);
  return { map, stage: requireStage(map, key, 'stage') };
};

export const Customer: CustomerResolvers = {
  email: (customer, _, { caller }) => (canSeePersonalData(caller) ? customer.email : null),
  map: (customer, _, context) => mapOf(customer.mapId, context),
  stage: (customer, _, context) => stageOf(customer.mapId, customer.stage, context),
  latestScore: async (customer, _, { loaders }) => (await loaders.latestScore.load(customer.id))?.score ?? null,
  band: async (customer, _, context) => {
    const [map, latest] = await Promise.all([mapOf(customer.mapId, context), context.loaders.latestScore.load(customer.id)]);
    return bandOf(map, latest?.score ?? null);
  },
  journey: (customer, _, { services }) => customerJourney(services, customer.id),
  touchpoints: (customer, { first, after, team }, { services }) =>
    customerTouchpoints(services, customer.id, { first, after, team: team ?? null }),
  lastTransition: (customer, _, { loaders }) => loaders.transition.load({ customerId: customer.id, version: customer.version }),
};

export const Transition: TransitionResolvers = {
  from: (transition, _, context) =>
    transition.from === null ? null : stageOf(transition.mapId, transition.from, context),
  to: (transition, _, context) => stageOf(transition.mapId, transition.to, context),
  rule: async (transition, _, context) => {
    if (transition.ruleId === null) return null;
    const map = await mapOf(transition.mapId, context);
    const rule = map.rules.find((candidate) => candidate.id === transition.ruleId);
    return rule ? { map, rule } : null;
  },
  touchpoint: (transition, _, { loaders }) =>
    transition.touchpointId === null
      ? null
      : loaders.touchpoint.load({ customerId: transition.customerId, touchpointId: transition.touchpointId }),
};

export const Touchpoint: TouchpointResolvers = {
  customer: async (touchpoint, _, { loaders }) => {
    const customer = await loaders.customer.load(touchpoint.customerId);
    if (!customer) throw new Error(`Customer ${touchpoint.customerId} of touchpoint ${touchpoint.id} is missing`);
    return customer;
  },
  band: async (touchpoint, _, context) => bandOf(await mapOf(touchpoint.mapId, context), touchpoint.score),
  resolvedBy: (touchpoint, _, { loaders }) =>
    touchpoint.resolvedById === null
      ? null
      : loaders.touchpoint.load({ customerId: touchpoint.customerId, touchpointId: touchpoint.resolvedById }),
  note: (touchpoint, _, { caller }) => (canSeePersonalData(caller) ? touchpoint.note : null),
  waitingDays: (touchpoint, _, { services }) => waitingDays(touchpoint, services.clock().toISOString()),
};

import { customerJourney } from '../../app/customers';
import { customerTouchpoints } from '../../app/touchpoints';
import { canSeePersonalData } from '../../domain/access';
import { bandOf } from '../../domain/map';
import { waitingDays } from '../../domain/touchpoints';
import type { CustomerResolvers, TouchpointResolvers, TransitionResolvers } from '../generated/types';
import { mapOf, stageIn } from '../stages';

export const Customer: CustomerResolvers = {
  email: (customer, _, { caller }) => (canSeePersonalData(caller) ? customer.email : null),
  map: (customer, _, context) => mapOf(customer.mapId, context),
  stage: async (customer, _, context) => {
    const { version } = await mapOf(customer.mapId, context);
    return stageIn(customer.mapId, customer.stage, [version - 1], context);
  },
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
  // A migration's transition leaves a stage its own version no longer has: the version before holds it.
  from: (transition, _, context) =>
    transition.from === null
      ? null
      : stageIn(transition.mapId, transition.from, [transition.mapVersion, transition.mapVersion - 1], context),
  to: (transition, _, context) => stageIn(transition.mapId, transition.to, [transition.mapVersion], context),
  mapVersion: (transition) => transition.mapVersion,
  // The rule as it was in the version the move was checked against: a later version may have changed it.
  rule: async (transition, _, context) => {
    if (transition.ruleId === null) return null;
    const map = (await context.loaders.mapVersion.load({ mapId: transition.mapId, version: transition.mapVersion })) ?? (await mapOf(transition.mapId, context));
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

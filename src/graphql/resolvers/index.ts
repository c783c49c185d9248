import type { Resolvers } from '../generated/types';
import { DateTime } from '../scalars';
import { CustomerConnection, CustomerEdge, TouchpointConnection } from './connections';
import { Customer, Touchpoint, Transition } from './customer';
import { Insights } from './insights';
import { LifecycleMap, Move, MoveExplanation, Rule, Stage } from './lifecycleMap';
import { LocalDataReset, LocalMutation, LocalQuery } from './local';
import { MapMutation, MapSettings } from './maps';
import { Mutation, TouchpointResult } from './mutation';
import { CustomerPrivacy, PrivacyMutation } from './privacy';
import { Query } from './query';
import { WebhookDeliveryConnection, WebhookMutation, WebhookQuery } from './webhooks';

export const resolvers: Resolvers = {
  DateTime,
  Query: { ...Query, ...WebhookQuery },
  Mutation: { ...Mutation, ...PrivacyMutation, ...MapMutation, ...WebhookMutation },
  LifecycleMap: { ...LifecycleMap, ...MapSettings },
  Stage,
  Move,
  Customer: { ...Customer, ...CustomerPrivacy },
  Transition,
  Touchpoint,
  CustomerConnection,
  CustomerEdge,
  TouchpointConnection,
  Insights,
  TouchpointResult,
  Rule,
  MoveExplanation,
  WebhookDeliveryConnection,
};

/** LOCAL ONLY: the resolvers with schema/local/'s fields, for the local stack's server alone. */
export const localResolvers: Resolvers = {
  ...resolvers,
  Query: { ...resolvers.Query, ...LocalQuery },
  Mutation: { ...resolvers.Mutation, ...LocalMutation },
  LocalDataReset,
};

import {
  createWebhookSubscription,
  redeliverWebhook,
  rotateWebhookSecret,
  setWebhookSubscriptionEnabled,
  webhookDeliveries,
  webhookSubscriptions,
} from '../../app/webhooks/subscriptions';
import type { MutationResolvers, QueryResolvers, WebhookDeliveryConnectionResolvers } from '../generated/types';

export const WebhookQuery: Pick<QueryResolvers, 'webhookSubscriptions' | 'webhookDeliveries'> = {
  webhookSubscriptions: (_, __, { services, caller }) => webhookSubscriptions(services, caller),
  webhookDeliveries: (_, { subscriptionId, first, after }, { services, caller }) =>
    webhookDeliveries(services, caller, subscriptionId, { first, after }),
};

export const WebhookMutation: Pick<
  MutationResolvers,
  'createWebhookSubscription' | 'disableWebhookSubscription' | 'enableWebhookSubscription' | 'rotateWebhookSecret' | 'redeliverWebhook'
> = {
  createWebhookSubscription: (_, { input }, { services, caller }) => createWebhookSubscription(services, caller, input),
  disableWebhookSubscription: (_, { id }, { services, caller }) => setWebhookSubscriptionEnabled(services, caller, id, false),
  enableWebhookSubscription: (_, { id }, { services, caller }) => setWebhookSubscriptionEnabled(services, caller, id, true),
  rotateWebhookSecret: (_, { id }, { services, caller }) => rotateWebhookSecret(services, caller, id),
  redeliverWebhook: (_, { deliveryId }, { services, caller }) => redeliverWebhook(services, caller, deliveryId),
};

export const WebhookDeliveryConnection: WebhookDeliveryConnectionResolvers = {
  edges: (connection) => connection.nodes,
  pageInfo: ({ nodes, hasNextPage }) => ({ hasNextPage, endCursor: nodes.at(-1)?.cursor ?? null }),
};

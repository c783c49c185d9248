/**
 * What each field costs in DynamoDB requests, for the per-request budget (src/graphql/cost.ts, README "Query
 * limits"). Every field that returns an object has a price here (a unit test fails for one that has none, so a new
 * field is priced when it is added), and so does every scalar that reads (customerCount, latestScore). Prices are per occurrence of the field; a list
 * multiplies what it selects by its page size (or its fixed size).
 */
import { UNPROJECTED_SHARDS } from '../store/keys';

export interface Price {
  /** Requests per occurrence. */
  requests: number;
  /** Without a `stage` argument the field reads every stage of the map, one Query each. */
  perStage?: true;
  /** Requests that answer `totalCount` when it is selected on this field's connection. */
  totalCount?: number;
  /** The insights window: one BatchGetItem per 100 of its day and month counter items, beside `requests`. */
  window?: true;
  /** Requests per item of `input.items` (a batch), beside `requests`. */
  perInputItem?: number;
}

/** One key through a per-request DataLoader: BatchGetItem reads 100 keys in one request. */
export const LOADED_KEY = 0.01;
/** A page of a list: one Query. */
export const QUERY = 1;
/**
 * A work list's totalCount without counters: a Select COUNT Query pages through the list 1 MB at a time, priced as
 * 50 pages (about 50,000 customers at 1 KB).
 */
export const LIST_COUNT = 50;
/** A customer's touchpoints counted: a COUNT Query of its partition, one page (some 2,000 touchpoints). */
export const CUSTOMER_COUNT = 1;
/** The map's stages, at most, for a field that reads each stage. */
export const STAGES = 10;
/** A mutation: its reads, retries and transaction. */
export const MUTATION = 10;

const free: Price = { requests: 0 };
const loaded: Price = { requests: LOADED_KEY };

export const PRICES: Record<string, Price> = {
  'Query.lifecycleMap': loaded,
  // One Query of the maps index.
  'Query.lifecycleMaps': { requests: QUERY },
  'Query.customer': loaded,
  // The customer and its map, each through its loader.
  'Query.explainMove': { requests: 2 * LOADED_KEY },
  // The external id's claim item (GetItem), then the customer through the loader.
  'Query.customerByExternalId': { requests: QUERY + LOADED_KEY },
  'Query.customers': { requests: QUERY, perStage: true, totalCount: LOADED_KEY },
  'Query.atRiskCustomers': { requests: QUERY, totalCount: LOADED_KEY },
  'Query.staleCustomers': { requests: QUERY, totalCount: LIST_COUNT },
  'Query.openComplaints': { requests: QUERY, totalCount: LIST_COUNT },
  'Query.unthankedCustomers': { requests: QUERY, totalCount: LIST_COUNT },
  'Query.winBackCandidates': { requests: QUERY, totalCount: LOADED_KEY },
  // The map, how far the projector has got (a Query of each unprojected-facts shard), then the window's counters.
  'Query.insights': { requests: LOADED_KEY + QUERY * UNPROJECTED_SHARDS, window: true },

  'Mutation.createCustomer': { requests: MUTATION },
  'Mutation.recordTouchpoint': { requests: MUTATION },
  'Mutation.advanceCustomer': { requests: MUTATION },
  // One batch read of the customers and maps, then per item its latest score when a rule needs it and its write.
  'Mutation.recordTouchpoints': { requests: 2, perInputItem: 2 },
  'Mutation.updateCustomer': { requests: MUTATION },
  'Mutation.eraseCustomer': { requests: MUTATION + LIST_COUNT },
  'Mutation.createLifecycleMap': { requests: MUTATION },
  // The map, its removed stages' counters, the update; a migration pages through the customers it moves.
  'Mutation.updateLifecycleMap': { requests: MUTATION + LIST_COUNT },
  'LifecycleMapPayload.map': free,
  'LifecycleMap.atRiskStage': free,
  'LifecycleMap.churnedStage': free,
  'LifecycleMap.thankedStages': free,

  // Webhooks: the subscriptions are one Query of their partition; the delivery log reads the subscription, then a page.
  'Query.webhookSubscriptions': { requests: QUERY },
  'Query.webhookDeliveries': { requests: 1 + QUERY },
  'Mutation.createWebhookSubscription': { requests: MUTATION },
  'Mutation.disableWebhookSubscription': { requests: MUTATION },
  'Mutation.enableWebhookSubscription': { requests: MUTATION },
  'Mutation.rotateWebhookSecret': { requests: MUTATION },
  'Mutation.redeliverWebhook': { requests: MUTATION },
  'WebhookSubscriptionSecret.subscription': free,
  'WebhookDeliveryConnection.edges': free,
  'WebhookDeliveryConnection.pageInfo': free,
  'WebhookDeliveryEdge.node': free,

  // The map is read once per request (its loader); what comes from it reads nothing more.
  'LifecycleMap.stages': free,
  'LifecycleMap.moves': free,
  'LifecycleMap.bands': free,
  'LifecycleMap.rules': free,
  'Rule.band': free,
  'Rule.fromStages': free,
  'Rule.toStage': free,
  'MoveExplanation.allowedStages': free,
  'MoveExplanation.rulesThatCouldMove': free,
  'Stage.customerCount': loaded,
  'Stage.customers': { requests: QUERY, totalCount: LOADED_KEY },
  'Move.from': free,
  'Move.to': free,

  'Customer.map': free,
  'Customer.stage': free,
  // The latest score is a Query of the customer's score items, once per customer per request (its loader).
  'Customer.latestScore': { requests: QUERY },
  'Customer.band': { requests: QUERY },
  'Customer.journey': { requests: QUERY },
  'Customer.touchpoints': { requests: QUERY, totalCount: CUSTOMER_COUNT },
  'Customer.lastTransition': loaded,

  // A stage or rule a later version removed is read from its version item: once per version per request.
  'Transition.from': free,
  'Transition.to': free,
  'Transition.touchpoint': loaded,
  'Transition.rule': free,

  'Touchpoint.customer': loaded,
  'Touchpoint.band': free,
  'Touchpoint.resolvedBy': loaded,

  'CustomerConnection.edges': free,
  'CustomerConnection.pageInfo': free,
  'CustomerEdge.node': free,
  'TouchpointConnection.edges': free,
  'TouchpointConnection.pageInfo': free,
  'TouchpointEdge.node': free,

  'CreateCustomerPayload.customer': free,
  'RecordTouchpointPayload.touchpoint': free,
  'RecordTouchpointPayload.customer': free,
  'RecordTouchpointPayload.transition': free,
  'AdvanceCustomerPayload.customer': free,
  'AdvanceCustomerPayload.transition': free,
  'UpdateCustomerPayload.customer': free,
  'RecordTouchpointsPayload.results': free,
  'TouchpointResult.touchpoint': free,
  'TouchpointResult.transition': free,
  'TouchpointResult.error': free,
  'EraseCustomerPayload.erasure': free,
  'EraseCustomerPayload.customer': free,

  // Insights are computed from the counters the window read.
  'Insights.conversion': free,
  'Insights.transitions': free,
  'Insights.stageDurations': free,
  'Insights.churnReasons': free,
  'Insights.spend': free,
  'Insights.revenueByBand': free,
  'Insights.feedbackCoverage': free,
  'Insights.campaigns': free,
  'StageConversion.stage': free,
  'StageConversion.next': free,
  'TransitionCount.from': free,
  'TransitionCount.to': free,
  'StageDuration.stage': free,
  'BandRevenue.band': free,
};

/**
 * How many items a list field without `first` yields at most. A connection's edges are already counted by the
 * connection's `first`.
 */
export const FIXED_LIST_SIZE: Record<string, number> = {
  edges: 1,
  stages: STAGES,
  moves: 30,
  bands: 5,
  rules: 20,
  fromStages: STAGES,
  thankedStages: STAGES,
  allowedStages: STAGES,
  rulesThatCouldMove: 20,
  journey: 25,
  conversion: 10,
  transitions: 50,
  stageDurations: 10,
  revenueByBand: 6,
};

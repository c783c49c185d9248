import type { MoveExplanation } from '../domain/explainMove';
import type { LifecycleMap, MoveDefinition, RuleDefinition, StageDefinition } from '../domain/map';
import type { InsightsReport } from '../app/insights';
import type { TouchpointOutcome } from '../app/recordTouchpoints';
import type { Listing } from '../app/workLists';
import type { Customer, Touchpoint } from '../domain/records';
import type { WebhookDelivery } from '../domain/webhooks';
import type { Page } from '../store/lifecycleStore';

/** A stage travels with its map: its counts and customers are read by map and stage. */
export interface StageParent {
  map: LifecycleMap;
  stage: StageDefinition;
}

export interface MoveParent {
  map: LifecycleMap;
  move: MoveDefinition;
}

/** A page plus how to count the whole list, run only when a client selects totalCount. */
export type CustomerConnectionParent = Listing<Customer>;
export type TouchpointConnectionParent = Listing<Touchpoint>;

/** Figures carry stage keys; the map turns them into Stage objects. */
export type InsightsParent = InsightsReport;

/** One item's outcome of a batch: ok with its result, or its refusal (turned into an ItemError). */
export type TouchpointResultParent = TouchpointOutcome;

/** A rule travels with its map: its stages and band are the map's. */
export interface RuleParent {
  map: LifecycleMap;
  rule: RuleDefinition;
}

export type MoveExplanationParent = MoveExplanation & { map: LifecycleMap };

/** A page of a subscription's delivery log. */
export type WebhookDeliveryConnectionParent = Page<WebhookDelivery>;

import type { LifecycleMap, MoveDefinition, StageDefinition } from '../domain/map';
import type { Customer, Touchpoint } from '../domain/records';
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
export interface CustomerConnectionParent extends Page<Customer> {
  totalCount: () => Promise<number>;
}

export type TouchpointConnectionParent = Page<Touchpoint>;

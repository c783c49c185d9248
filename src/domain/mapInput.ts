import type { Team, TouchpointKind } from './vocabulary';

/** A map as an admin sends it: what a map is, in order, with the optional parts left out where they have defaults. */
export interface MapInput {
  /** Only when creating: the id the map is known by (mapId elsewhere in the API). */
  id?: string | null;
  name: string;
  stages: StageInput[];
  moves: MoveInput[];
  rules?: RuleInput[] | null;
  bands: BandInput[];
  atRiskStage: string;
  churnedStage: string;
  thankedStages?: string[] | null;
  feedbackWithinDays?: number | null;
  attributionDays?: number | null;
  /** Only when updating: where the customers of each removed stage go. */
  migrate?: MigrationInput[] | null;
  /** Check only: the same checks and answer (the map it would store, how many customers would move), nothing written. */
  dryRun?: boolean | null;
}

export interface StageInput {
  key: string;
  name: string;
  description?: string | null;
  offPath?: boolean | null;
  ownerTeam?: Team | null;
  reasonRequired?: boolean | null;
  staleAfterDays?: number | null;
}

export interface MoveInput {
  from: string;
  to: string;
}

export interface RuleInput {
  id: string;
  kind?: TouchpointKind | null;
  band?: string | null;
  fromStages: string[];
  toStage: string;
  reason: string;
}

export interface BandInput {
  key: string;
  name: string;
  min: number;
  max: number;
}

/** Customers standing in a removed stage `from` move to `to`, a stage of the new map. */
export interface MigrationInput {
  from: string;
  to: string;
}

/** The reason every migration transition carries. */
export const MIGRATION_REASON = 'map updated';

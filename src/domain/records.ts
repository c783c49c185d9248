import type { Channel, Team, TouchpointKind } from './vocabulary';

/** Instants are ISO-8601 strings in UTC throughout the domain: they sort as text and store as they are. */
export type Instant = string;

export interface Customer {
  id: string;
  mapId: string;
  externalId: string;
  name: string;
  email: string | null;
  stage: string;
  stageEnteredAt: Instant;
  /** Rises by one with every transition: the optimistic lock for moves. */
  version: number;
  createdAt: Instant;
  /** When it first left the map's first stage; null while a prospect. */
  customerSince: Instant | null;
  /** When its latest GRATITUDE touchpoint happened. */
  lastThankedAt: Instant | null;
  /** The sum of the revenue on its touchpoints, as far as the projector has counted them. */
  lifetimeRevenue: number;
  /** Why it churned, while it stands in the churned stage. */
  churnReason: string | null;
  /**
   * Rises by one with every correction or erasure of its personal data (name, email, externalId): their lock,
   * apart from version so that moves and corrections never refuse each other. Absent stands for 1.
   */
  profileVersion?: number;
  /** When its personal data was erased. */
  erasedAt?: Instant | null;
}

/**
 * A customer's latest score: of its scored touchpoints, the one that happened last. It is read from the scores
 * themselves rather than kept on the customer, so that scores arriving together never contend for one item.
 */
export interface LatestScore {
  score: number;
  /** When the scored touchpoint happened. */
  at: Instant;
  touchpointId: string;
}

export interface Transition {
  id: string;
  customerId: string;
  mapId: string;
  /** The customer's version this transition produced: 1 for the first. */
  version: number;
  from: string | null;
  to: string;
  at: Instant;
  team: Team | null;
  reason: string | null;
  touchpointId: string | null;
  automatic: boolean;
  /** The subject (sub claim) of the caller who caused it. */
  recordedBy: string;
  /** When the customer entered the stage it left (null for a first transition): how long it stayed there. */
  fromEnteredAt: Instant | null;
  /** For a move a rule made: that rule's id in the map. */
  ruleId: string | null;
}

export interface Touchpoint {
  id: string;
  customerId: string;
  mapId: string;
  team: Team;
  channel: Channel;
  kind: TouchpointKind;
  occurredAt: Instant;
  recordedAt: Instant;
  score: number | null;
  note: string | null;
  revenue: number | null;
  cost: number | null;
  recordedBy: string;
  /** For a COMPLAINT: when the touchpoint that resolved it happened, and its id. */
  resolvedAt: Instant | null;
  resolvedById: string | null;
  /** For a touchpoint that resolves a COMPLAINT: that complaint's id. */
  resolvesId: string | null;
  /** For a CAMPAIGN touchpoint: the campaign's name, as marketing tools send it. */
  campaign: string | null;
}

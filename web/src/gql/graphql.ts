/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How a touchpoint reached the customer. */
export type Channel =
  | 'CHAT'
  | 'EMAIL'
  | 'IN_PERSON'
  | 'PHONE'
  | 'SMS'
  | 'SOCIAL'
  | 'WEB';

/** The three teams that record touchpoints and move customers. */
export type Team =
  | 'MARKETING'
  | 'OPERATIONS'
  | 'TRAINING';

/** What a touchpoint was. */
export type TouchpointKind =
  | 'CAMPAIGN'
  | 'COMPLAINT'
  | 'FEEDBACK'
  | 'GRATITUDE'
  | 'ONBOARDING'
  | 'PURCHASE'
  | 'REFERRAL'
  | 'RENEWAL'
  | 'SERVICE_DELIVERY'
  | 'SUPPORT_REQUEST'
  | 'TRAINING';

export type MapViewQueryVariables = Exact<{
  mapId?: string | number | null | undefined;
}>;


export type MapViewQuery = { lifecycleMaps: Array<{ id: string, name: string }>, lifecycleMap: { id: string, name: string, stages: Array<{ key: string, name: string, position: number, offPath: boolean, ownerTeam: Team | null, customerCount: number }>, bands: Array<{ key: string, name: string, min: number, max: number }> } | null, insights: { from: string, to: string, asOf: string, conversion: Array<{ entered: number, movedOn: number, rate: number | null, stage: { key: string }, next: { key: string } }> } };

export type StageCustomersQueryVariables = Exact<{
  mapId?: string | number | null | undefined;
  stage: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type StageCustomersQuery = { customers: { totalCount: number, edges: Array<{ node: { id: string, name: string, stageEnteredAt: string, latestScore: number | null, band: { key: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CustomerJourneyQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CustomerJourneyQuery = { customer: { id: string, name: string, externalId: string, stageEnteredAt: string, latestScore: number | null, stage: { key: string, name: string }, band: { key: string, name: string } | null, journey: Array<{ id: string, at: string, team: Team | null, reason: string | null, automatic: boolean, from: { key: string } | null, to: { key: string }, touchpoint: { id: string, kind: TouchpointKind } | null }>, touchpoints: { edges: Array<{ node: { id: string, team: Team, channel: Channel, kind: TouchpointKind, occurredAt: string, score: number | null, note: string | null, revenue: number | null, cost: number | null, band: { key: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };


export const MapViewDocument = {"__meta__":{"hash":"sha256:0ca27342293f40c43c6f72d8496b7f5db833094da48e6e2cb0b3912a475c13d3"}} as unknown as DocumentNode<MapViewQuery, MapViewQueryVariables>;
export const StageCustomersDocument = {"__meta__":{"hash":"sha256:18519c0ec076895e22a629992265f0f65becaf9b9c0679679bb09179273b21f1"}} as unknown as DocumentNode<StageCustomersQuery, StageCustomersQueryVariables>;
export const CustomerJourneyDocument = {"__meta__":{"hash":"sha256:246d6c3c6bec33d4ffe5833e7d3c17d7f18dbc2e010d8c7f7ae068b1602e060b"}} as unknown as DocumentNode<CustomerJourneyQuery, CustomerJourneyQueryVariables>;
/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query MapView($mapId: ID) {\n    lifecycleMaps {\n      id\n      name\n    }\n    lifecycleMap(id: $mapId) {\n      id\n      name\n      stages {\n        key\n        name\n        position\n        offPath\n        ownerTeam\n        customerCount\n      }\n      bands {\n        key\n        name\n        min\n        max\n      }\n    }\n    insights(mapId: $mapId) {\n      from\n      to\n      asOf\n      conversion {\n        stage {\n          key\n        }\n        next {\n          key\n        }\n        entered\n        movedOn\n        rate\n      }\n    }\n  }\n": typeof types.MapViewDocument,
    "\n  query StageCustomers($mapId: ID, $stage: ID!, $first: Int, $after: String) {\n    customers(mapId: $mapId, stage: $stage, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          stageEnteredAt\n          latestScore\n          band {\n            key\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.StageCustomersDocument,
    "\n  query CustomerJourney($id: ID!, $first: Int, $after: String) {\n    customer(id: $id) {\n      id\n      name\n      externalId\n      stage {\n        key\n        name\n      }\n      stageEnteredAt\n      latestScore\n      band {\n        key\n        name\n      }\n      journey {\n        id\n        from {\n          key\n        }\n        to {\n          key\n        }\n        at\n        team\n        reason\n        automatic\n        touchpoint {\n          id\n          kind\n        }\n      }\n      touchpoints(first: $first, after: $after) {\n        edges {\n          node {\n            id\n            team\n            channel\n            kind\n            occurredAt\n            score\n            band {\n              key\n            }\n            note\n            revenue\n            cost\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.CustomerJourneyDocument,
};
const documents: Documents = {
    "\n  query MapView($mapId: ID) {\n    lifecycleMaps {\n      id\n      name\n    }\n    lifecycleMap(id: $mapId) {\n      id\n      name\n      stages {\n        key\n        name\n        position\n        offPath\n        ownerTeam\n        customerCount\n      }\n      bands {\n        key\n        name\n        min\n        max\n      }\n    }\n    insights(mapId: $mapId) {\n      from\n      to\n      asOf\n      conversion {\n        stage {\n          key\n        }\n        next {\n          key\n        }\n        entered\n        movedOn\n        rate\n      }\n    }\n  }\n": types.MapViewDocument,
    "\n  query StageCustomers($mapId: ID, $stage: ID!, $first: Int, $after: String) {\n    customers(mapId: $mapId, stage: $stage, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          stageEnteredAt\n          latestScore\n          band {\n            key\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.StageCustomersDocument,
    "\n  query CustomerJourney($id: ID!, $first: Int, $after: String) {\n    customer(id: $id) {\n      id\n      name\n      externalId\n      stage {\n        key\n        name\n      }\n      stageEnteredAt\n      latestScore\n      band {\n        key\n        name\n      }\n      journey {\n        id\n        from {\n          key\n        }\n        to {\n          key\n        }\n        at\n        team\n        reason\n        automatic\n        touchpoint {\n          id\n          kind\n        }\n      }\n      touchpoints(first: $first, after: $after) {\n        edges {\n          node {\n            id\n            team\n            channel\n            kind\n            occurredAt\n            score\n            band {\n              key\n            }\n            note\n            revenue\n            cost\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.CustomerJourneyDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MapView($mapId: ID) {\n    lifecycleMaps {\n      id\n      name\n    }\n    lifecycleMap(id: $mapId) {\n      id\n      name\n      stages {\n        key\n        name\n        position\n        offPath\n        ownerTeam\n        customerCount\n      }\n      bands {\n        key\n        name\n        min\n        max\n      }\n    }\n    insights(mapId: $mapId) {\n      from\n      to\n      asOf\n      conversion {\n        stage {\n          key\n        }\n        next {\n          key\n        }\n        entered\n        movedOn\n        rate\n      }\n    }\n  }\n"): (typeof documents)["\n  query MapView($mapId: ID) {\n    lifecycleMaps {\n      id\n      name\n    }\n    lifecycleMap(id: $mapId) {\n      id\n      name\n      stages {\n        key\n        name\n        position\n        offPath\n        ownerTeam\n        customerCount\n      }\n      bands {\n        key\n        name\n        min\n        max\n      }\n    }\n    insights(mapId: $mapId) {\n      from\n      to\n      asOf\n      conversion {\n        stage {\n          key\n        }\n        next {\n          key\n        }\n        entered\n        movedOn\n        rate\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StageCustomers($mapId: ID, $stage: ID!, $first: Int, $after: String) {\n    customers(mapId: $mapId, stage: $stage, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          stageEnteredAt\n          latestScore\n          band {\n            key\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query StageCustomers($mapId: ID, $stage: ID!, $first: Int, $after: String) {\n    customers(mapId: $mapId, stage: $stage, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          stageEnteredAt\n          latestScore\n          band {\n            key\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerJourney($id: ID!, $first: Int, $after: String) {\n    customer(id: $id) {\n      id\n      name\n      externalId\n      stage {\n        key\n        name\n      }\n      stageEnteredAt\n      latestScore\n      band {\n        key\n        name\n      }\n      journey {\n        id\n        from {\n          key\n        }\n        to {\n          key\n        }\n        at\n        team\n        reason\n        automatic\n        touchpoint {\n          id\n          kind\n        }\n      }\n      touchpoints(first: $first, after: $after) {\n        edges {\n          node {\n            id\n            team\n            channel\n            kind\n            occurredAt\n            score\n            band {\n              key\n            }\n            note\n            revenue\n            cost\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerJourney($id: ID!, $first: Int, $after: String) {\n    customer(id: $id) {\n      id\n      name\n      externalId\n      stage {\n        key\n        name\n      }\n      stageEnteredAt\n      latestScore\n      band {\n        key\n        name\n      }\n      journey {\n        id\n        from {\n          key\n        }\n        to {\n          key\n        }\n        at\n        team\n        reason\n        automatic\n        touchpoint {\n          id\n          kind\n        }\n      }\n      touchpoints(first: $first, after: $after) {\n        edges {\n          node {\n            id\n            team\n            channel\n            kind\n            occurredAt\n            score\n            band {\n              key\n            }\n            note\n            revenue\n            cost\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
// The operations the map view sends. The client preset types them and lists them in the trusted-document
// manifest (web/src/gql/persisted-documents.json), so the page sends only their ids.
import { graphql } from './gql';

export const MapViewQuery = graphql(`
  query MapView($mapId: ID) {
    lifecycleMaps {
      id
      name
    }
    lifecycleMap(id: $mapId) {
      id
      name
      stages {
        key
        name
        position
        offPath
        ownerTeam
        customerCount
      }
      bands {
        key
        name
        min
        max
      }
    }
    insights(mapId: $mapId) {
      from
      to
      asOf
      conversion {
        stage {
          key
        }
        next {
          key
        }
        entered
        movedOn
        rate
      }
    }
  }
`);

export const StageCustomersQuery = graphql(`
  query StageCustomers($mapId: ID, $stage: ID!, $first: Int, $after: String) {
    customers(mapId: $mapId, stage: $stage, first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          name
          stageEnteredAt
          latestScore
          band {
            key
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CustomerJourneyQuery = graphql(`
  query CustomerJourney($id: ID!, $first: Int, $after: String) {
    customer(id: $id) {
      id
      name
      externalId
      stage {
        key
        name
      }
      stageEnteredAt
      latestScore
      band {
        key
        name
      }
      journey {
        id
        from {
          key
        }
        to {
          key
        }
        at
        team
        reason
        automatic
        touchpoint {
          id
          kind
        }
      }
      touchpoints(first: $first, after: $after) {
        edges {
          node {
            id
            team
            channel
            kind
            occurredAt
            score
            band {
              key
            }
            note
            revenue
            cost
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

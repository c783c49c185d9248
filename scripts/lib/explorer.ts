import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const FIRST_QUERY = `# Stages in order, with their customer counts.
# The book icon opens the schema's docs.
query Map {
  lifecycleMap {
    name
    stages { key name offPath customerCount }
  }
}
`;

/**
 * GraphiQL as one self-contained page (render-graphiql inlines its script, styles and editor workers), so the
 * explorer works with no network beyond localhost. The endpoint and a development token are filled in.
 */
export function explorerPage(settings: { endpoint: string; token: string; role: string }): string {
  return renderGraphiQL({
    title: `Lifecycle Map explorer (${settings.role})`,
    endpoint: settings.endpoint,
    headers: JSON.stringify({ authorization: `Bearer ${settings.token}` }, null, 2),
    defaultQuery: FIRST_QUERY,
    // The token is a development token of this run; keeping it out of storage keeps a stale one from coming back.
    shouldPersistHeaders: false,
  });
}

import manifest from '../../web/src/gql/persisted-documents.json';
import { startApi, type TestApi } from '../support/api';

const entries = Object.entries(manifest as Record<string, string>);
const [mapViewId, mapViewText] = entries.find(([, text]) => text.startsWith('query MapView')) ?? ['', ''];
const UNKNOWN_ID = `sha256:${'0'.repeat(64)}`;

let allowed: TestApi;
let required: TestApi;
let off: TestApi;
beforeAll(async () => {
  [allowed, required, off] = await Promise.all([
    startApi({ PERSISTED_OPERATIONS: 'allowed' }),
    startApi({ PERSISTED_OPERATIONS: 'required' }),
    startApi({ PERSISTED_OPERATIONS: 'off' }),
  ]);
});

const getByParams = (api: TestApi, params: Record<string, string>) =>
  api.send(undefined, {
    method: 'GET',
    rawQueryString: new URLSearchParams(params).toString(),
    headers: { 'apollo-require-preflight': 'true' },
    role: 'viewer',
  });

describe('trusted documents from the client preset manifest', () => {
  it('answers a documentId with what its text answers', async () => {
    const byText = await allowed.graphql(mapViewText, {}, { role: 'viewer' });
    const byId = await allowed.send(JSON.stringify({ documentId: mapViewId }), { role: 'viewer' });
    expect(byId.status).toBe(200);
    expect(byId.json.errors).toBeUndefined();
    expect(byId.json.data.lifecycleMap.stages).toHaveLength(7);
    expect(byId.json.data).toEqual(byText.json.data);
  });

  it("answers Apollo's persisted query extension and a GET with a documentId", async () => {
    const hash = mapViewId.slice('sha256:'.length);
    const apollo = await allowed.send(
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      { role: 'viewer' },
    );
    expect(apollo.json.errors).toBeUndefined();
    expect(apollo.json.data.lifecycleMap.id).toBe('default');
    const get = await getByParams(allowed, { documentId: mapViewId });
    expect(get.status).toBe(200);
    expect(get.json.data.lifecycleMap.id).toBe('default');
  });

  it('refuses an unknown id with PERSISTED_QUERY_NOT_IN_LIST, naming the field and not echoing the id', async () => {
    const response = await allowed.send(JSON.stringify({ documentId: UNKNOWN_ID }), { role: 'viewer' });
    expect(response.status).toBe(400);
    expect(response.json.errors[0].extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_IN_LIST', field: 'documentId' });
    expect(response.text).not.toContain('0000000000');
    const apollo = await allowed.send(
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: '1'.repeat(64) } } }),
      { role: 'viewer' },
    );
    expect(apollo.json.errors[0].extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_IN_LIST', field: 'extensions.persistedQuery' });
    const get = await getByParams(allowed, { documentId: UNKNOWN_ID });
    expect(get.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });

  it('when required, refuses query text over POST and GET but answers known ids', async () => {
    const post = await required.graphql('{ lifecycleMap { id } }', {}, { role: 'viewer' });
    expect(post.status).toBe(400);
    expect(post.json.errors[0].extensions).toEqual({ code: 'PERSISTED_QUERY_ID_REQUIRED', field: 'query' });
    const get = await getByParams(required, { query: '{ lifecycleMap { id } }' });
    expect(get.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    const byId = await required.send(JSON.stringify({ documentId: mapViewId }), { role: 'viewer' });
    expect(byId.json.data.lifecycleMap.id).toBe('default');
  });

  it('when off, answers query text and refuses ids', async () => {
    const text = await off.graphql('{ lifecycleMap { id } }', {}, { role: 'viewer' });
    expect(text.json.data.lifecycleMap.id).toBe('default');
    const byId = await off.send(JSON.stringify({ documentId: mapViewId }), { role: 'viewer' });
    expect(byId.status).toBe(400);
    expect(byId.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });

  it('runs every document of the manifest without a GraphQL error', async () => {
    const { json: map } = await allowed.graphql('{ customers(first: 1) { edges { node { id stage { key } } } } }');
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const anyCustomer = map.data.customers.edges[0]?.node;
    const variables = { stage: 'PROSPECT', id: anyCustomer?.id ?? 'none', first: 5 };
    for (const [documentId] of entries) {
      const response = await allowed.send(JSON.stringify({ documentId, variables }), { role: 'viewer' });
      expect({ documentId, errors: response.json.errors }).toEqual({ documentId, errors: undefined });
    }
  });
});

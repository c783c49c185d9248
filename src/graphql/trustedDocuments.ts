import type { HTTPGraphQLRequest } from '@apollo/server';
import type { PersistedOperationsMode } from '../config';
import { RequestRefusal } from './requestRefusal';

/*
 * Trusted documents: a client may send `{ "documentId": "sha256:<hash>" }` (the GraphQL-over-HTTP form) or
 * Apollo's `extensions.persistedQuery.sha256Hash` instead of a query, for a document of a manifest made by
 * graphql-codegen's client preset. The codes follow Apollo Router's safelisting, which clients already know.
 */

/** A client preset manifest: `{ "sha256:<hash>": "<document>" }`. */
export type TrustedDocumentManifest = Record<string, string>;

type Resolve = (request: HTTPGraphQLRequest) => HTTPGraphQLRequest;

const ID_PREFIX = 'sha256:';

/** Turns a request naming a trusted document into one carrying its text, or refuses it under the mode. */
export function trustedDocumentResolver(mode: PersistedOperationsMode, manifests: TrustedDocumentManifest[]): Resolve {
  const documents = new Map<string, string>();
  for (const manifest of manifests) {
    for (const [id, text] of Object.entries(manifest)) documents.set(id.startsWith(ID_PREFIX) ? id : ID_PREFIX + id, text);
  }
  const lookUp = (id: string, field: string): string => {
    if (mode === 'off') {
      throw new RequestRefusal(400, 'PERSISTED_QUERY_NOT_SUPPORTED', 'This API does not accept document ids', field);
    }
    const text = documents.get(id);
    if (text === undefined) {
      throw new RequestRefusal(400, 'PERSISTED_QUERY_NOT_IN_LIST', 'No trusted document has this id', field);
    }
    return text;
  };
  const refuseFreeForm = (field: string) => {
    if (mode === 'required') {
      throw new RequestRefusal(400, 'PERSISTED_QUERY_ID_REQUIRED', 'This API accepts only trusted document ids', field);
    }
  };
  return (request) =>
    request.method === 'GET' ? { ...request, search: resolveSearch(request.search, lookUp, refuseFreeForm) } : { ...request, body: resolveBody(request.body, lookUp, refuseFreeForm) };
}

type LookUp = (id: string, field: string) => string;

function resolveBody(body: unknown, lookUp: LookUp, refuseFreeForm: (field: string) => void): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { documentId, ...rest } = body as Record<string, unknown>;
  const apolloHash = persistedQueryHash(rest['extensions']);
  if (documentId !== undefined) {
    if (typeof documentId !== 'string') throw new RequestRefusal(400, 'BAD_REQUEST', 'documentId must be a string', 'documentId');
    return { ...withoutPersistedQuery(rest), query: lookUp(documentId, 'documentId') };
  }
  if (apolloHash !== undefined) {
    return { ...withoutPersistedQuery(rest), query: lookUp(ID_PREFIX + apolloHash, 'extensions.persistedQuery') };
  }
  if (rest['query'] !== undefined) refuseFreeForm('query');
  return body;
}

function resolveSearch(search: string, lookUp: LookUp, refuseFreeForm: (field: string) => void): string {
  const params = new URLSearchParams(search);
  const documentId = params.get('documentId');
  const extensions = params.get('extensions');
  let apolloHash: string | undefined;
  if (extensions !== null) {
    try {
      apolloHash = persistedQueryHash(JSON.parse(extensions));
    } catch {
      // Apollo answers a malformed extensions parameter itself.
    }
  }
  if (documentId !== null || apolloHash !== undefined) {
    const query = documentId !== null ? lookUp(documentId, 'documentId') : lookUp(ID_PREFIX + apolloHash, 'extensions.persistedQuery');
    params.delete('documentId');
    if (apolloHash !== undefined) params.delete('extensions');
    params.set('query', query);
    return params.toString();
  }
  if (params.has('query')) refuseFreeForm('query');
  return search;
}

function persistedQueryHash(extensions: unknown): string | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as Record<string, unknown>)['persistedQuery'];
  if (typeof persisted !== 'object' || persisted === null) return undefined;
  const hash = (persisted as Record<string, unknown>)['sha256Hash'];
  return typeof hash === 'string' ? hash : undefined;
}

// Apollo would refuse the extension itself (its own automatic persisted queries are off); the text is resolved here.
function withoutPersistedQuery(body: Record<string, unknown>): Record<string, unknown> {
  const extensions = body['extensions'];
  if (typeof extensions !== 'object' || extensions === null) return body;
  const { persistedQuery: _, ...others } = extensions as Record<string, unknown>;
  return { ...body, extensions: others };
}

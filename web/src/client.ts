import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** What the page that serves this app tells it: where the API is and whose token to send. */
export interface ClientSettings {
  endpoint: string;
  token: string;
}

const MAX_RETRIES = 3;

/** A refusal from the API: the GraphQL error's extensions.code, as the README's catalogue lists them. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends a document by its trusted-document id only (the client preset replaced its text with the hash), the
 * variables typed by the document. The API resolves the id from the manifest built with this app.
 */
export async function request<Result, Variables>(
  settings: ClientSettings,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const documentId = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!documentId) throw new ApiError('CLIENT', 'The document has no trusted-document id: run npm run codegen');
  const send = () =>
    fetch(settings.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${settings.token}` },
      body: JSON.stringify({ documentId, variables }),
    });
  let response = await send();
  // 503 UNAVAILABLE: the API ran out of time against throttling and asks for the same request again.
  for (let attempt = 1; response.status === 503 && attempt <= MAX_RETRIES; attempt++) {
    const seconds = Number(response.headers.get('retry-after') ?? '1');
    await new Promise((resolve) => setTimeout(resolve, 1000 * (Number.isFinite(seconds) ? seconds : 1)));
    response = await send();
  }
  const body = (await response.json()) as { data?: Result; errors?: { message: string; extensions?: { code?: string } }[] };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.extensions?.code ?? 'UNKNOWN', error.message);
  if (!body.data) throw new ApiError('UNKNOWN', `The API answered ${response.status} without data`);
  return body.data;
}

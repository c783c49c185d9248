import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWK } from 'jose';
import { ensureLocalKeys, signLocalToken, type TokenClaims } from '../../scripts/lib/localKeys';
import { loadConfig, type Config } from '../../src/config';
import type { Role } from '../../src/domain/access';
import { createHandler, type HandlerOptions } from '../../src/handler';
import { freshTable, testEndpoint, type TestTable } from './dynamodb';

export interface Response {
  status: number;
  headers: Record<string, string>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read GraphQL responses freely
  json: any;
}

export interface RequestOptions {
  token?: string | null;
  role?: Role;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  rawQueryString?: string;
  isBase64Encoded?: boolean;
  requestContext?: Record<string, unknown>;
}

let requestCounter = 0;

/** An API Gateway HTTP API (payload 2.0) event, as API Gateway would hand it to the function. */
export function httpApiEvent(body: string | undefined, options: RequestOptions = {}): APIGatewayProxyEventV2 {
  const method = options.method ?? 'POST';
  requestCounter++;
  return {
    version: '2.0',
    routeKey: `${method} /graphql`,
    rawPath: '/graphql',
    rawQueryString: options.rawQueryString ?? '',
    // A GET carries no body, so no content type, as a browser or curl sends it.
    headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), host: 'api.example.test', ...(options.headers ?? {}) },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: `gw-${requestCounter}`,
      routeKey: `${method} /graphql`,
      stage: '$default',
      time: '22/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795000000000,
      ...(options.requestContext ?? {}),
    },
    body,
    isBase64Encoded: options.isBase64Encoded ?? false,
  } as APIGatewayProxyEventV2;
}

export interface TestApi {
  table: TestTable;
  config: Config;
  logLines: Record<string, unknown>[];
  /** The embedded-metric-format lines the handler wrote, parsed. */
  metricLines: Record<string, unknown>[];
  token: (role: Role, claims?: Partial<TokenClaims>) => Promise<string>;
  privateJwk: JWK;
  /** Sends a raw body; the token of `role` (admin by default) unless a token (or null: none) is given. */
  send: (body: string | undefined, options?: RequestOptions) => Promise<Response>;
  graphql: (query: string, variables?: Record<string, unknown>, options?: RequestOptions) => Promise<Response>;
}

/** The real handler on a fresh table, verifying tokens against a key set made for this test file. */
export async function startApi(
  env: Record<string, string> = {},
  options: Pick<HandlerOptions, 'configureClient' | 'primeMapIds'> = {},
): Promise<TestApi> {
  const table = await freshTable();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'lifecycle-keys-')));
  const config = loadConfig({
    STAGE: 'test',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: testEndpoint(),
    AUTH_MODE: 'local',
    LOCAL_JWKS_FILE: keys.jwksFile,
    LOG_LEVEL: 'info',
    ...env,
  });
  const logLines: Record<string, unknown>[] = [];
  const metricLines: Record<string, unknown>[] = [];
  const handler = createHandler(config, {
    metricsDestination: (line) => void metricLines.push(JSON.parse(line) as Record<string, unknown>),
    clock: () => table.clock.now(),
    newId: () => table.services.newId(),
    logDestination: { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
    ...options,
  });
  const tokens = new Map<string, string>();
  const token = async (role: Role, claims: Partial<TokenClaims> = {}) => {
    const cacheKey = `${role}:${JSON.stringify(claims)}`;
    if (!tokens.has(cacheKey)) {
      tokens.set(cacheKey, await signLocalToken(keys.privateJwk, { sub: `sub-${role}`, groups: [role], ...claims }));
    }
    return tokens.get(cacheKey) as string;
  };
  const send = async (body: string | undefined, options: RequestOptions = {}): Promise<Response> => {
    const bearer = options.token === undefined ? await token(options.role ?? 'admin') : options.token;
    const headers = { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...(options.headers ?? {}) };
    const context = { awsRequestId: `req-${++requestCounter}` } as Context;
    const result = (await handler(httpApiEvent(body, { ...options, headers }), context, () => undefined)) as
      | APIGatewayProxyStructuredResultV2
      | undefined;
    const text = result?.body ?? '';
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: result?.statusCode ?? 0, headers: (result?.headers ?? {}) as Record<string, string>, text, json };
  };
  return {
    table,
    config,
    logLines,
    metricLines,
    token,
    privateJwk: keys.privateJwk,
    send,
    graphql: (query, variables, options) => send(JSON.stringify({ query, variables }), options),
  };
}

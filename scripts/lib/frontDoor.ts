import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLES, type Role } from '../../src/domain/access';
import { explorerPage } from './explorer';
import { buildWebApp, webAppPage } from './webApp';

/**
 * LOCAL DEVELOPMENT ONLY. What `npm start` serves on its public port: the map view at /, GraphiQL at /graphiql,
 * and everything else (POST/GET/OPTIONS /graphql) passed unchanged to serverless-offline, which answers CORS as
 * API Gateway would. Deployed stages have none of this: API Gateway routes only /graphql to the Lambda.
 */
export interface FrontDoorOptions {
  port: number;
  /** Where serverless-offline listens, e.g. http://localhost:3001. */
  apiOrigin: string;
  /** A development token for a role. */
  tokenFor: (role: Role) => Promise<string>;
}

export interface RunningFrontDoor {
  url: string;
  close: () => Promise<void>;
}

const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

export async function startFrontDoor(options: FrontDoorOptions): Promise<RunningFrontDoor> {
  const bundle = await buildWebApp();
  const api = new URL(options.apiOrigin);

  const page = async (url: URL, fallbackRole: Role, render: (role: Role, token: string) => string, response: ServerResponse) => {
    const role = (url.searchParams.get('role') ?? fallbackRole) as Role;
    if (!ROLES.includes(role)) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(`role must be one of ${ROLES.join(', ')}\n`);
      return;
    }
    response.writeHead(200, html).end(render(role, await options.tokenFor(role)));
  };

  const server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://front-door');
    const handled = (async () => {
      if (incoming.method === 'GET' && url.pathname === '/') {
        // The page calls serverless-offline on its own origin: a cross-origin call, as a frontend team's app makes.
        return page(url, 'viewer', (role, token) => webAppPage({ endpoint: `${api.origin}/graphql`, token, role }), response);
      }
      if (incoming.method === 'GET' && url.pathname === '/graphiql') {
        return page(url, 'admin', (role, token) => explorerPage({ endpoint: '/graphql', token, role }), response);
      }
      if (incoming.method === 'GET' && url.pathname === '/graphql' && !url.search && incoming.headers.accept?.includes('text/html')) {
        // A browser opening the endpoint wants to explore it.
        return void response.writeHead(302, { location: '/graphiql' }).end();
      }
      if (incoming.method === 'GET' && url.pathname === '/app.js') {
        return void response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle.js);
      }
      if (incoming.method === 'GET' && url.pathname === '/app.css') {
        return void response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(bundle.css);
      }
      return passToApi(incoming, response, api);
    })();
    handled.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`${error instanceof Error ? error.message : String(error)}\n`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function passToApi(incoming: IncomingMessage, response: ServerResponse, api: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = forward(
      { hostname: api.hostname, port: api.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: api.host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.once('end', resolve);
      },
    );
    outgoing.once('error', reject);
    incoming.pipe(outgoing);
  });
}

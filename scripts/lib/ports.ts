import { createServer } from 'node:net';

/** A port something else holds: the message names it and the option that chose it. */
export class PortInUse extends Error {}

/**
 * Refuses a port another process listens on, before anything is started: tried on IPv4 and IPv6 loopback, where
 * the API and DynamoDB Local listen (a wildcard listener holds both).
 */
export async function requirePortFree(port: number, what: string): Promise<void> {
  for (const host of ['127.0.0.1', '::1']) {
    const problem = await tryListen(port, host);
    if (problem === 'EADDRINUSE' || problem === 'EACCES') {
      throw new PortInUse(`Port ${port} (${what}) is ${problem === 'EACCES' ? 'not allowed' : 'in use'}: choose another one, or 0 for any free port`);
    }
  }
}

function tryListen(port: number, host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

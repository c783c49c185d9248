// `npm run local:reset [-- --port N]`: the running local stack back to its start (resetLocalData): the table
// emptied, the default map, demo data and seed file written again, the clock the machine's. One JSON line on stdout.
import { parseArgs } from 'node:util';
import { ensureLocalKeys, signLocalToken } from './lib/localKeys';

const RESET = 'mutation { resetLocalData { customers { id externalId } clock { now } } }';

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { port: { type: 'string' } } });
  const port = values.port ?? process.env['LIFECYCLE_MAP_PORT'] ?? '3000';
  const keys = await ensureLocalKeys();
  const token = await signLocalToken(keys.privateJwk, { sub: 'local-admin', groups: ['admin'] });
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: RESET }),
  });
  const body = (await response.json()) as {
    data?: { resetLocalData: { customers: { id: string; externalId: string }[] } };
    errors?: { message: string }[];
  };
  if (!body.data) throw new Error(`resetLocalData was refused: ${body.errors?.map((error) => error.message).join('; ')}`);
  const customers = Object.fromEntries(body.data.resetLocalData.customers.map((c) => [c.externalId, c.id]));
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${JSON.stringify({ reset: true, ms, customers })}\n`);
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}${cause}\n`);
  process.exit(1);
});

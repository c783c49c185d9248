import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** How `npm start` runs: each option a flag (after `--`) or an environment variable; flags win. */
export interface StartOptions {
  /** The API's port; 0 picks a free one (the ready line names it). */
  port: number;
  /** DynamoDB Local's port; 0 picks a free one. */
  dynamodbPort: number;
  /** A new, empty table in memory for this run only, instead of the data kept in .local/dynamodb. */
  fresh: boolean;
  demo: boolean;
  /** An absolute path to a JSON fixture. */
  seedFile: string | undefined;
}

export const START_USAGE = `usage: npm start -- [--port N] [--dynamodb-port N] [--fresh] [--no-demo] [--seed FILE]
  --port N           the API's port (default 3000; 0: any free port)       LIFECYCLE_MAP_PORT
  --dynamodb-port N  DynamoDB Local's port (default 8000; 0: any free port) LIFECYCLE_MAP_DYNAMODB_PORT
  --fresh            a new, empty table in memory, gone on exit             LIFECYCLE_MAP_FRESH=1
  --no-demo          no demo customers                                      LIFECYCLE_MAP_NO_DEMO=1
  --seed FILE        a JSON fixture of customers, touchpoints and moves     LIFECYCLE_MAP_SEED=FILE
`;

/** A mistake in how the command was called: the caller is shown the usage and the process ends with code 2. */
export class UsageError extends Error {}

type Env = Record<string, string | undefined>;

export function parseStartOptions(argv: string[], env: Env, cwd: string): StartOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'dynamodb-port': { type: 'string' },
        fresh: { type: 'boolean' },
        'no-demo': { type: 'boolean' },
        seed: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seed = values.seed ?? text(env['LIFECYCLE_MAP_SEED']);
  return {
    port: port('--port', values.port ?? text(env['LIFECYCLE_MAP_PORT']) ?? '3000'),
    dynamodbPort: port(
      '--dynamodb-port',
      values['dynamodb-port'] ??
        text(env['LIFECYCLE_MAP_DYNAMODB_PORT']) ??
        // The name this option had before it was a flag.
        text(env['DYNAMODB_LOCAL_PORT']) ??
        '8000',
    ),
    fresh: values.fresh ?? flag('LIFECYCLE_MAP_FRESH', env),
    demo: !(values['no-demo'] ?? flag('LIFECYCLE_MAP_NO_DEMO', env)),
    seedFile: seed === undefined ? undefined : resolve(cwd, seed),
  };
}

function text(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function port(name: string, value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > 65_535) throw new UsageError(`${name} must be a port from 0 to 65535; got "${value}"`);
  return number;
}

function flag(name: string, env: Env): boolean {
  const value = text(env[name])?.toLowerCase();
  if (value === undefined || ['0', 'false', 'no'].includes(value)) return false;
  if (['1', 'true', 'yes'].includes(value)) return true;
  throw new UsageError(`${name} must be 1 or 0 (true/false, yes/no); got "${value}"`);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { stopProcess } from './stopProcess';

export interface RunningOffline {
  /** e.g. http://localhost:3001 */
  origin: string;
  process: ChildProcess;
  /** Resolves once POST /graphql answers; rejects if serverless-offline exits first or takes over 120 s. */
  ready: Promise<void>;
  stop: () => Promise<void>;
}

export interface OfflineOptions {
  stage: string;
  httpPort: number;
  /** serverless.yml's when omitted. */
  lambdaPort?: number;
  /** The Lambda's settings on top of this process's environment (DYNAMODB_ENDPOINT, LOCAL_JWKS_FILE, ...). */
  env: Record<string, string>;
  /** Where its output goes: inherited by default, or a sink (tests keep it out of jest's output). */
  output?: (chunk: string) => void;
}

/** Runs serverless-offline for serverless.yml on the given ports. */
export function spawnOffline(options: OfflineOptions): RunningOffline {
  const child = spawn(
    process.execPath,
    [
      require.resolve('serverless/bin/serverless.js'),
      'offline',
      'start',
      '--stage',
      options.stage,
      '--httpPort',
      String(options.httpPort),
      ...(options.lambdaPort === undefined ? [] : ['--lambdaPort', String(options.lambdaPort)]),
    ],
    {
      stdio: ['ignore', options.output ? 'pipe' : 'inherit', options.output ? 'pipe' : 'inherit'],
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => options.output?.(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => options.output?.(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://localhost:${options.httpPort}`;
  return {
    origin,
    process: child,
    ready: waitForGraphQL(`${origin}/graphql`, child),
    stop: () => stopProcess(child, exited),
  };
}

async function waitForGraphQL(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`serverless-offline exited before answering on ${url}`);
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  throw new Error(`serverless-offline did not answer on ${url} within 120 s`);
}

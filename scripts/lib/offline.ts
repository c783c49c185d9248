import { spawn } from 'node:child_process';
import type { RunningService } from './stack';

export interface OfflineOptions {
  stage: string;
  port: number;
  /** serverless-offline's own invocation port: a free one, so that two stacks can run side by side. */
  lambdaPort: number;
  /** Added to this process's environment for the Lambda (serverless.yml passes them on). */
  env: Record<string, string>;
  /** Where its output goes: stderr by default (stdout is kept for the ready line), or a sink (tests keep it). */
  output?: (chunk: string) => void;
}

export interface RunningOffline extends RunningService {
  /** e.g. http://127.0.0.1:3001/graphql */
  url: string;
  /** e.g. http://127.0.0.1:3001 */
  origin: string;
}

/**
 * serverless-offline running the Lambda behind the HTTP API on loopback. Its output goes to stderr: stdout is kept
 * for the ready line. Resolves once the API answers; rejects if it exits first.
 */
export async function startOffline(options: OfflineOptions): Promise<RunningOffline> {
  const child = spawn(
    process.execPath,
    [
      require.resolve('serverless/bin/serverless.js'),
      'offline',
      'start',
      '--stage',
      options.stage,
      '--host',
      '127.0.0.1',
      '--httpPort',
      String(options.port),
      '--lambdaPort',
      String(options.lambdaPort),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    },
  );
  const sink = options.output;
  if (sink) {
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => sink(chunk.toString()));
  } else {
    child.stdout.pipe(process.stderr, { end: false });
    child.stderr.pipe(process.stderr, { end: false });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Its shutdown chatter is dropped (esbuild's service prints a Go panic when its parent goes): ours says it all.
    for (const stream of [child.stdout, child.stderr]) {
      stream.unpipe(process.stderr);
      stream.resume();
    }
    // SIGINT is serverless-offline's own Ctrl-C.
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const origin = `http://127.0.0.1:${options.port}`;
  const url = `${origin}/graphql`;
  const answered = await waitForHttp(url, () => (child.exitCode === null && child.signalCode === null ? null : `exited (${child.exitCode ?? child.signalCode})`));
  if (answered !== true) {
    await stop();
    throw new Error(`serverless-offline ${answered} before the API answered on ${url}`);
  }
  return { name: 'serverless-offline', url, origin, stop };
}

async function waitForHttp(url: string, gone: () => string | null): Promise<true | string> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const reason = gone();
    if (reason !== null) return reason;
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return 'did not answer within 120 s';
}

// Runs in a fresh Node process per measurement (bench/coldstart.ts builds it to plain JavaScript, so no compiler
// loads here): loads one Lambda artifact, sends it the first request, then warm ones, and writes the figures.
import { subscribe } from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface RunnerInput {
  artifact: string;
  event: unknown;
  /** Requests after the first that are not measured: the JIT compiler settles on them. */
  warmUp: number;
  warmRequests: number;
  resultFile: string;
}

export interface RunnerResult {
  loadMs: number;
  firstMs: number;
  warmMs: number[];
  /** CPU time (user + system) of this process per warm request. */
  warmCpuMicros: number;
  /** HTTP requests (to DynamoDB) per warm request. */
  warmRequests: number;
  firstStatus: number;
  firstBody: string;
}

type Handler = (event: unknown, context: unknown, callback: () => void) => Promise<{ statusCode?: number; body?: string }>;

async function main(): Promise<void> {
  const input = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as RunnerInput;
  let requests = 0;
  subscribe('http.client.request.start', () => requests++);
  const context = (n: number) => ({ awsRequestId: `coldstart-${n}`, getRemainingTimeInMillis: () => 10_000 });

  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the artifact is CommonJS, as Lambda loads it
  const { handler } = require(input.artifact) as { handler: Handler };
  const loaded = performance.now();
  const first = await handler(input.event, context(0), () => undefined);
  const answered = performance.now();

  for (let n = 1; n <= input.warmUp; n++) await handler(input.event, context(-n), () => undefined);
  const warmMs: number[] = [];
  requests = 0;
  const cpu = process.cpuUsage();
  for (let n = 1; n <= input.warmRequests; n++) {
    const at = performance.now();
    await handler(input.event, context(n), () => undefined);
    warmMs.push(performance.now() - at);
  }
  const used = process.cpuUsage(cpu);

  const result: RunnerResult = {
    loadMs: loaded - started,
    firstMs: answered - loaded,
    warmMs,
    warmCpuMicros: (used.user + used.system) / input.warmRequests,
    warmRequests: requests / input.warmRequests,
    firstStatus: first.statusCode ?? 0,
    firstBody: first.body ?? '',
  };
  writeFileSync(input.resultFile, JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

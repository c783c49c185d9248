// Benchmark: cold start, warm cost and artifact size of the GraphQL function against two peers, in one run on one
// DynamoDB Local: Apollo 5's hello world and Apollo 5 with one GetItem, built by esbuild (minified, node20) from this
// repository's dependency versions, and the project's own artifact as `npm run package` writes it. Every figure is
// the median over fresh Node processes, run in turns so that noise falls on all three alike.
// Run: npm run bench:coldstart [-- --runs 9 --skip-package]  (about 2 minutes)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { freePort, startDynamoDbLocal } from '../scripts/lib/dynamodbLocal';
import { ensureLocalKeys, signLocalToken } from '../scripts/lib/localKeys';
import { ensureTable } from '../scripts/lib/table';
import { symbolicate } from '../scripts/stack';
import { DEFAULT_MAP } from '../src/domain/defaultMap';
import { createDocumentClient } from '../src/store/client';
import { LifecycleStore } from '../src/store/lifecycleStore';
import { httpApiEvent } from '../test/support/api';
import type { RunnerInput, RunnerResult } from './coldstart/runner';
import { median } from './support';

const ROOT = resolve(__dirname, '..');
const TABLE = 'coldstart';
const WARM_UP = 20;
const WARM_REQUESTS = 40;
const TARGETS = { totalRatio: 1.25, zippedKiB: 600, warmRequests: 1 };

interface Subject {
  name: string;
  artifact: string;
  zippedBytes: number;
  event: unknown;
  nodeOptions: string;
  env: Record<string, string>;
}

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '9' }, 'skip-package': { type: 'boolean', default: false } },
});
const RUNS = Math.max(9, Number(args.runs));

/** What serverless.yml deploys: the GraphQL function's handler file and the Node options Lambda starts it with. */
function deployed(): { handlerFile: string; zip: string; nodeOptions: string } {
  const service = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'error' }) as {
    service: string;
    package?: { individually?: boolean };
    provider: { environment?: Record<string, string> };
    functions: { graphql: { handler: string } };
  };
  const handler = service.functions.graphql.handler;
  return {
    handlerFile: `${handler.slice(0, handler.lastIndexOf('.'))}.js`,
    zip: join(ROOT, '.serverless', service.package?.individually ? 'graphql.zip' : `${service.service}.zip`),
    nodeOptions: service.provider.environment?.['NODE_OPTIONS'] ?? '',
  };
}

function run(command: string, commandArgs: string[], cwd = ROOT): void {
  const result = spawnSync(command, commandArgs, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status})`);
}

async function buildPeers(dir: string): Promise<Record<'hello' | 'getItem' | 'runner', string>> {
  await build({
    entryPoints: {
      hello: join(__dirname, 'coldstart/helloPeer.ts'),
      getItem: join(__dirname, 'coldstart/getItemPeer.ts'),
      runner: join(__dirname, 'coldstart/runner.ts'),
    },
    outdir: dir,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  for (const peer of ['hello', 'getItem']) run('zip', ['-q', '-9', '-X', `${peer}.zip`, `${peer}.js`], dir);
  return { hello: join(dir, 'hello.js'), getItem: join(dir, 'getItem.js'), runner: join(dir, 'runner.js') };
}

/**
 * Whether a stack logged by the packaged function can be read: the position of a known line of src/handler.ts in
 * the bundle, mapped back through the source map kept beside the artifact (`npm run stack`).
 */
function stackTracesReadable(bundle: string, handlerFile: string): string {
  const lines = readFileSync(bundle, 'utf8').split('\n');
  const row = lines.findIndex((line) => line.includes('could not build the request context'));
  const column = (lines[row] ?? '').indexOf('could not build the request context');
  const frame = `    at /var/task/${handlerFile}:${row + 1}:${column + 1}`;
  return symbolicate(frame).trim().replace(/^at /, '');
}

async function measure(runner: string, subject: Subject, dir: string, n: number): Promise<RunnerResult> {
  const inputFile = join(dir, `${subject.name.replace(/\W+/g, '-')}-${n}.json`);
  const input: RunnerInput = {
    artifact: subject.artifact,
    event: subject.event,
    warmUp: WARM_UP,
    warmRequests: WARM_REQUESTS,
    resultFile: `${inputFile}.result`,
  };
  writeFileSync(inputFile, JSON.stringify(input));
  const child = spawn(process.execPath, [runner, inputFile], {
    // Lambda's environment: credentials and region in variables, the deployed Node options.
    env: {
      PATH: process.env['PATH'] ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NODE_OPTIONS: subject.nodeOptions,
      ...subject.env,
    },
    // Log lines go to a pipe, as Lambda's do; read and dropped.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.resume();
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`${subject.name}: the runner exited with ${code}`);
  const result = JSON.parse(readFileSync(input.resultFile, 'utf8')) as RunnerResult;
  if (result.firstStatus !== 200 || result.firstBody.includes('"errors"')) {
    throw new Error(`${subject.name} answered ${result.firstStatus}: ${result.firstBody}`);
  }
  return result;
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`;
const signed = (value: number) => `${value >= 0 ? '+' : '-'}${Math.abs(Math.round(value))}`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'coldstart-'));
  const target = deployed();
  if (!args['skip-package']) {
    process.stderr.write('npm run package ...\n');
    run('npm', ['run', '-s', 'package']);
  }
  run('unzip', ['-q', '-o', target.zip, '-d', join(dir, 'project')]);
  const peers = await buildPeers(dir);

  const dynamodb = await startDynamoDbLocal({ port: await freePort() });
  const client = createDocumentClient({ region: 'us-east-1', endpoint: dynamodb.endpoint });
  try {
    await ensureTable(client, TABLE);
    await new LifecycleStore(client, TABLE).putMap(DEFAULT_MAP);
    await client.send(new PutCommand({ TableName: TABLE, Item: { pk: 'PEER#1', sk: 'PEER', name: 'peer' } }));

    const post = (query: string, requestContext: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      httpApiEvent(JSON.stringify({ query }), { requestContext, headers });
    const keys = await ensureLocalKeys(join(dir, 'keys'));
    const token = await signLocalToken(keys.privateJwk, { sub: 'coldstart', groups: ['viewer'] });
    const shared = { TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: dynamodb.endpoint };
    const mapQuery = '{ lifecycleMap { stages { key customerCount } } }';
    const projectSubject = (name: string, query: string): Subject => ({
      name: `${name}${target.nodeOptions ? `, NODE_OPTIONS=${target.nodeOptions}` : ''}`,
      artifact: join(dir, 'project', target.handlerFile),
      zippedBytes: statSync(target.zip).size,
      // The function verifies the bearer token itself on every stage (jose, a key set): here the local stage's key
      // set from a file, since a deployed stage refuses DynamoDB Local. The signature check costs the same.
      event: post(query, {}, { authorization: `Bearer ${token}` }),
      nodeOptions: target.nodeOptions,
      env: {
        ...shared,
        STAGE: 'local',
        AUTH_MODE: 'local',
        LOCAL_JWKS_FILE: keys.jwksFile,
        LOG_LEVEL: 'info',
      },
    });
    const subjects: Subject[] = [
      {
        name: 'Apollo 5 hello world',
        artifact: peers.hello,
        zippedBytes: statSync(join(dir, 'hello.zip')).size,
        event: post('{ hello }'),
        nodeOptions: '',
        env: shared,
      },
      {
        name: 'Apollo 5 + one DynamoDB GetItem',
        artifact: peers.getItem,
        zippedBytes: statSync(join(dir, 'getItem.zip')).size,
        event: post('{ item(id: "1") { id name } }'),
        nodeOptions: '',
        env: shared,
      },
      projectSubject(`this project, \`${mapQuery}\``, mapQuery),
      // No DynamoDB request: what the handler itself costs (token claims, parsing, validation, limits, loaders,
      // the log line), against the hello world.
      projectSubject('this project, `{ __typename }`', '{ __typename }'),
    ];

    const results = new Map<Subject, RunnerResult[]>(subjects.map((subject) => [subject, []]));
    for (let n = 0; n < RUNS; n++) {
      process.stderr.write(`run ${n + 1}/${RUNS}\n`);
      for (const subject of subjects) results.get(subject)?.push(await measure(peers.runner, subject, dir, n));
    }

    type Row = ReturnType<typeof row>;
    const row = (subject: Subject) => {
      const runs = results.get(subject) ?? [];
      return {
        subject,
        load: median(runs.map((r) => r.loadMs)),
        first: median(runs.map((r) => r.firstMs)),
        total: median(runs.map((r) => r.loadMs + r.firstMs)),
        warm: median(runs.flatMap((r) => r.warmMs)),
        cpu: median(runs.map((r) => r.warmCpuMicros)),
        requests: median(runs.map((r) => r.warmRequests)),
      };
    };
    const rows = subjects.map(row);
    const [hello, peer, project, bare] = rows as [Row, Row, Row, Row];
    const mapped = stackTracesReadable(project.subject.artifact, target.handlerFile);

    const lines = [
      `Cold start, median of ${RUNS} fresh processes each (then ${WARM_UP} warm-up and ${WARM_REQUESTS} measured warm requests each), ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}:`,
      '',
      '| | load | first request | total | x peer | warm request | warm CPU | DynamoDB requests per warm request | zipped |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.subject.name} | ${ms(r.load)} | ${ms(r.first)} | ${ms(r.total)} | ${(r.total / peer.total).toFixed(2)} | ` +
          `${ms(r.warm)} | ${Math.round(r.cpu)} µs | ${r.requests} | ${kib(r.subject.zippedBytes)} |`,
      ),
      '',
      'Targets:',
      `- cold start total <= ${TARGETS.totalRatio}x the Apollo + GetItem peer: ${(project.total / peer.total).toFixed(2)}x, ${verdict(project.total <= TARGETS.totalRatio * peer.total)}`,
      `- readable stack traces: a position in the bundle maps back to ${mapped} through the source map beside the ` +
        `artifact, ${verdict(mapped.startsWith('src/handler.ts:'))}`,
      `- zipped artifact <= ${TARGETS.zippedKiB} KiB: ${kib(project.subject.zippedBytes)}, ${verdict(project.subject.zippedBytes <= TARGETS.zippedKiB * 1024)}`,
      `- warm map query <= ${TARGETS.warmRequests} DynamoDB request: ${project.requests}, ${verdict(project.requests <= TARGETS.warmRequests)}`,
      `- warm CPU per request, reported: the handler's own (\`{ __typename }\`) ${Math.round(bare.cpu)} µs against the ` +
        `hello world's ${Math.round(hello.cpu)} µs (${signed(bare.cpu - hello.cpu)} µs of token claims, parsing, ` +
        `validation, limits, loaders and the log line); the map query ${Math.round(project.cpu)} µs against the GetItem ` +
        `peer's ${Math.round(peer.cpu)} µs`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    client.destroy();
    await dynamodb.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

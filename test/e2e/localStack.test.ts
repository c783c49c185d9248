import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { freePort } from '../../scripts/lib/dynamodbLocal';
import { requirePortFree } from '../../scripts/lib/ports';

// The consumer's CI recipe of the README, run the way another team would: `npm start` as a child process with
// flags, waiting for the ready line, then seed, test, reset and stop.
const repo = join(__dirname, '../..');
const fixture = join(repo, 'test/fixtures/consumer.json');

type Child = ChildProcessByStdio<null, Readable, Readable>;
interface Run {
  child: Child;
  stdout: () => string;
  stderr: () => string;
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
}

const runs: Run[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): Run {
  // Its own process group, so afterAll can end npm, the shell, the stack and Java together whatever happened.
  const child = spawn(command, args, { cwd: repo, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close' waits for every process holding its output (npm's child and grandchild too), not npm alone.
  const exited = new Promise<number | string | null>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal)));
  const started = { child, stdout: () => stdout, stderr: () => stderr, exited };
  runs.push(started);
  return started;
}

function stopGroup(started: Run): void {
  if (started.child.pid !== undefined && started.child.exitCode === null && started.child.signalCode === null) {
    try {
      process.kill(-started.child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

afterAll(async () => {
  runs.forEach(stopGroup);
  await Promise.all(runs.map((started) => started.exited));
});

async function readyLine(started: Run): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const line = started.stdout().split('\n').find((text) => text.startsWith('{') && text.includes('"ready":true'));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    if (started.child.exitCode !== null) throw new Error(`npm start exited (${started.child.exitCode}):\n${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No ready line within 240 s:\n${started.stderr()}`);
}

async function graphql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waited in vain');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const holdPort = (port: number): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('npm start for a consumer CI: --fresh --no-demo --port N --seed FILE', () => {
  it('announces readiness on stdout, serves the fixture, sends signed webhooks to npm run webhooks:listen, follows the clock, resets with npm run local:reset, and stops cleanly', async () => {
    const port = await freePort();
    const dynamodbPort = await freePort();
    const stack = run('npm', ['start', '--silent', '--', '--fresh', '--no-demo', '--port', String(port), '--dynamodb-port', String(dynamodbPort), '--seed', fixture]);
    const ready = await readyLine(stack);
    const url = ready['url'] as string;
    const tokens = ready['tokens'] as Record<string, string>;
    expect(ready).toMatchObject({ ready: true, url: `http://127.0.0.1:${port}/graphql`, dynamodbEndpoint: `http://127.0.0.1:${dynamodbPort}` });
    expect(ready['adminToken']).toBe(tokens['admin']);
    expect(Object.keys(ready['customers'] as object).sort()).toEqual(['crm-complaint', 'crm-loyal', 'crm-onboarding']);
    // stdout holds the ready line alone; the banner and serverless-offline's output went to stderr.
    expect(stack.stdout().trim().split('\n')).toHaveLength(1);
    expect(stack.stderr()).toContain('Lifecycle Map is running');

    // Seeded by the fixture alone: no demo customers.
    const viewer = tokens['viewer'] as string;
    const admin = ready['adminToken'] as string;
    const start = await graphql(url, viewer, '{ customers(first: 50) { totalCount } }');
    expect(start['customers'].totalCount).toBe(3);

    // A local listener (npm run webhooks:listen) subscribed to events: it verifies each signature and prints it.
    const hookPort = await freePort();
    const subscribed = await graphql(
      url,
      admin,
      'mutation($url: String!) { createWebhookSubscription(input: { url: $url, eventTypes: ["customer.created", "customer.stage_changed"] }) { secret } }',
      { url: `http://127.0.0.1:${hookPort}/` },
    );
    const listener = run('npm', ['run', '--silent', 'webhooks:listen', '--', String(hookPort), subscribed['createWebhookSubscription'].secret]);
    await waitFor(() => listener.stdout().includes('Listening for webhooks'));

    // A test: a new customer's purchase moves it to ONBOARDING; 31 days on, training sees it stuck.
    const created = await graphql(url, tokens['marketing'] as string, 'mutation { createCustomer(input: { externalId: "ci-1", name: "CI" }) { customer { id } } }');
    const id = created['createCustomer'].customer.id as string;
    await graphql(url, tokens['marketing'] as string, 'mutation($id: ID!) { recordTouchpoint(input: { customerId: $id, team: MARKETING, channel: WEB, kind: PURCHASE, revenue: 10 }) { touchpoint { id } } }', { id });
    const stale = '{ staleCustomers(stage: "ONBOARDING", first: 50) { edges { node { id } } } }';
    const ids = async () => (await graphql(url, viewer, stale))['staleCustomers'].edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(await ids()).not.toContain(id);
    // The listener heard both, signed: the creation, then the move the purchase's rule made.
    await waitFor(() => listener.stdout().includes('"automatic": true'));
    expect(listener.stdout().match(/ verified/g)).toHaveLength(2);
    expect(listener.stdout()).not.toContain('REFUSED');
    expect(listener.stdout().indexOf('"type": "customer.created"')).toBeLessThan(listener.stdout().indexOf('"type": "customer.stage_changed"'));
    expect(listener.stdout()).toContain(`"customerId": "${id}"`);
    stopGroup(listener);
    await graphql(url, admin, 'mutation { advanceLocalClock(days: 31) { now } }');
    expect(await ids()).toContain(id);

    // Reset, as a consumer's CI does between tests.
    const reset = run('npm', ['run', '--silent', 'local:reset', '--', '--port', String(port)]);
    expect(await reset.exited).toBe(0);
    expect(JSON.parse(reset.stdout())).toMatchObject({ reset: true, customers: ready['customers'] });
    const after = await graphql(url, viewer, '{ customers(first: 50) { totalCount } localClock { offsetMs } }');
    expect(after['customers'].totalCount).toBe(3);
    expect(after['localClock'].offsetMs).toBe(0);
    expect(await ids()).not.toContain(id);

    // Stopped as a CI job stops it: a SIGTERM to npm.
    stack.child.kill('SIGTERM');
    await stack.exited;
    expect(stack.stderr()).toContain('Stopped.');
    // Nothing left running: both ports are free again.
    await requirePortFree(port, 'the API');
    await requirePortFree(dynamodbPort, 'DynamoDB Local');
  }, 300_000);
});

describe('npm start refusals', () => {
  it.each([
    ['the API port', (busy: number, free: number) => ['--port', String(busy), '--dynamodb-port', String(free)], '(the API, --port) is in use'],
    ['the DynamoDB Local port', (busy: number, free: number) => ['--port', String(free), '--dynamodb-port', String(busy)], '(DynamoDB Local, --dynamodb-port) is in use'],
  ])('stops with a non-zero exit naming %s when it is in use, leaving nothing running', async (_, flags, message) => {
    const busy = await freePort();
    const free = await freePort();
    const server = await holdPort(busy);
    try {
      const stack = run(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--fresh', '--no-demo', ...flags(busy, free)]);
      const exited = await stack.exited;
      expect({ exited, stderr: stack.stderr() }).toEqual({ exited: 1, stderr: expect.stringContaining(`Port ${busy} ${message}`) });
      expect(stack.stdout()).toBe('');
      await requirePortFree(free, 'the other port');
    } finally {
      server.close();
    }
  }, 60_000);

  it('answers a wrong option with the usage and exit code 2', async () => {
    const stack = run(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-such-option']);
    expect(await stack.exited).toBe(2);
    expect(stack.stderr()).toContain('usage: npm start --');
  }, 60_000);

  it('refuses a broken seed file before starting anything, naming its field', async () => {
    const stack = run(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--fresh', '--port', '0', '--dynamodb-port', '0', '--seed', join(repo, 'package.json')]);
    expect(await stack.exited).toBe(1);
    expect(stack.stderr()).toMatch(/Seed file: .*fixture\.name/);
  }, 60_000);
});

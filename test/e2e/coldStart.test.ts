import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startApi } from '../support/api';

/** What a fresh process running the handler as deployed loads to answer one query. */
function modulesLoadedByTheHandler(): string[] {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../support/loadedModules.ts')], {
    cwd: join(__dirname, '../..'),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const { status, body, modules } = JSON.parse(result.stdout) as { status: number; body: string; modules: string[] };
  expect({ status, body: JSON.parse(body) }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  return modules.map((file) => file.replace(/\\/g, '/'));
}

describe('what a cold start loads', () => {
  it('leaves out what the deployed function never uses: inline traces, the landing page, jose', () => {
    const modules = modulesLoadedByTheHandler();
    expect(modules.some((file) => file.includes('/node_modules/@apollo/server/'))).toBe(true);
    expect(modules.filter((file) => /usage-reporting-protobuf|plugin\/inlineTrace|plugin\/landingPage|\/jose\//.test(file))).toEqual([]);
  }, 60_000);

  it('serves no landing page: a browser asking for /graphql gets a GraphQL answer, not HTML', async () => {
    const api = await startApi();
    const response = await api.send(undefined, { method: 'GET', headers: { accept: 'text/html' } });
    expect(response.headers['content-type'] ?? '').not.toContain('text/html');
    expect(response.text).not.toContain('<html');
  });
});

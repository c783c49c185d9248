import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startApi } from '../support/api';

/** What a fresh process running the handler as deployed loads to answer one query, with a token it verifies. */
async function modulesLoadedByTheHandler(): Promise<string[]> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] });
  const token = await new SignJWT({ 'cognito:groups': ['viewer'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'k' })
    .setSubject('modules')
    .setIssuer('https://issuer.test')
    .setAudience('test')
    .setExpirationTime('5m')
    .sign(privateKey);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../support/loadedModules.ts')], {
    cwd: join(__dirname, '../..'),
    encoding: 'utf8',
    env: { ...process.env, TOKEN: token, JWKS: jwks },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const { status, body, modules } = JSON.parse(result.stdout) as { status: number; body: string; modules: string[] };
  expect({ status, body: JSON.parse(body) }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  return modules.map((file) => file.replace(/\\/g, '/'));
}

describe('what a cold start loads', () => {
  // jose is loaded, by design: the function verifies every token itself, also behind API Gateway's authorizer (#13).
  it('leaves out what the deployed function never uses: inline traces, the landing page', async () => {
    const modules = await modulesLoadedByTheHandler();
    expect(modules.some((file) => file.includes('/node_modules/@apollo/server/'))).toBe(true);
    expect(modules.filter((file) => /usage-reporting-protobuf|plugin\/inlineTrace|plugin\/landingPage/.test(file))).toEqual([]);
  }, 60_000);

  it('serves no landing page: a browser asking for /graphql gets a GraphQL answer, not HTML', async () => {
    const api = await startApi();
    const response = await api.send(undefined, { method: 'GET', headers: { accept: 'text/html' } });
    expect(response.headers['content-type'] ?? '').not.toContain('text/html');
    expect(response.text).not.toContain('<html');
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpSender } from '../../src/app/webhooks/sender';
import { DEPLOYED_URL_POLICY, LOCAL_URL_POLICY } from '../../src/domain/webhookUrl';

// The URL policy holds at delivery time, on the address the sender dials: a name that resolves to loopback (as a
// rebinding DNS answer would) is refused before any connection, under deployed rules.
describe('the webhook sender', () => {
  let hits = 0;
  const server = createServer((_, response) => {
    hits++;
    response.writeHead(204).end();
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const request = (url: string) => ({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2_000 });

  it('under deployed rules refuses a host that resolves to loopback, without connecting', async () => {
    const result = await httpSender({ ...DEPLOYED_URL_POLICY, allowHttp: true })(request(`http://localhost:${port}/`));
    expect(result).toEqual({ kind: 'unreachable', error: 'EREFUSED_ADDRESS' });
    expect(hits).toBe(0);
  });

  it('under deployed rules refuses an address given as the host (Node dials it without a lookup)', async () => {
    const result = await httpSender({ ...DEPLOYED_URL_POLICY, allowHttp: true })(request(`http://127.0.0.1:${port}/`));
    expect(result).toEqual({ kind: 'unreachable', error: 'EREFUSED_ADDRESS' });
    expect(hits).toBe(0);
  });

  it('under deployed rules refuses http', async () => {
    expect(await httpSender(DEPLOYED_URL_POLICY)(request(`http://localhost:${port}/`))).toMatchObject({ kind: 'unreachable' });
    expect(hits).toBe(0);
  });

  it('under local rules delivers to loopback', async () => {
    expect(await httpSender(LOCAL_URL_POLICY)(request(`http://localhost:${port}/`))).toEqual({ kind: 'answered', status: 204, retryAfter: null });
    expect(hits).toBe(1);
  });
});

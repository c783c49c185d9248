import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainWith, StreamTail } from '../../scripts/lib/localProjector';
import { dispatchDue, type DispatchReport } from '../../src/app/webhooks/dispatch';
import { consistentCustomers, type PublisherServices } from '../../src/app/webhooks/publish';
import { httpSender, type WebhookSender } from '../../src/app/webhooks/sender';
import { LOCAL_URL_POLICY } from '../../src/domain/webhookUrl';
import { createLogger } from '../../src/log';
import { publishStreamRecords } from '../../src/webhooksHandler';
import { testEndpoint, type TestTable } from './dynamodb';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on loopback. Each request is recorded, then answered by `answer` (204 by default); the
 * answer may wait (a slow receiver) or set headers (Retry-After).
 */
export async function startReceiver() {
  const received: Received[] = [];
  let answer: (request: Received, response: ServerResponse) => void | Promise<void> = (_, response) => void response.writeHead(204).end();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      void answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    answerWith: (next: typeof answer) => {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The webhook publisher and dispatcher on a test table, on the table's clock: `publish()` drains the stream
 * through the publisher (as tests drain it through the projector), `dispatch()` runs one dispatcher pass at the
 * clock's time. No sleeping: a test moves the clock to the next attempt.
 */
export function webhookRig(table: TestTable, options: { timeoutMs?: number; send?: WebhookSender } = {}) {
  const services: PublisherServices = {
    webhooks: table.services.webhookAdmin.webhooks,
    customers: consistentCustomers(table.store),
    clock: () => table.clock.now(),
    urlPolicy: LOCAL_URL_POLICY,
    send: options.send ?? httpSender(LOCAL_URL_POLICY),
    bus: null,
    // Long enough for a loopback receiver on a loaded machine; a test of timeouts gives a short one.
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const tail = new StreamTail(testEndpoint(), table.tableName);
  const logger = createLogger('silent');
  return {
    services,
    publish: () => drainWith(tail, (records) => publishStreamRecords(services, logger, records), 'webhook publisher'),
    dispatch: (owner?: string): Promise<DispatchReport> => dispatchDue(services, owner === undefined ? {} : { owner }),
    close: () => tail.close(),
  };
}

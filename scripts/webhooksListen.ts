/**
 * A small webhook receiver for trying events out: `npm run webhooks:listen [PORT] [SECRET]` (or WEBHOOK_SECRET in
 * the environment). It verifies each delivery's signature with the standardwebhooks library and prints the event;
 * a delivery whose signature does not verify is answered 400 and printed as refused.
 */
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const port = Number(process.argv[2] ?? process.env['PORT'] ?? 4000);
const secret = process.argv[3] ?? process.env['WEBHOOK_SECRET'];
if (!secret || !Number.isInteger(port)) {
  console.error('Usage: npm run webhooks:listen [PORT] SECRET   (or WEBHOOK_SECRET=whsec_... npm run webhooks:listen [PORT])');
  console.error('The secret is what createWebhookSubscription answered.');
  process.exit(2);
}
const verifier = new Webhook(secret);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    try {
      const event = verifier.verify(body, headers);
      console.log(`${new Date().toISOString()} ${headers['webhook-id']} verified`);
      console.log(JSON.stringify(event, null, 2));
      response.writeHead(204).end();
    } catch (error) {
      const reason = error instanceof WebhookVerificationError ? error.message : String(error);
      console.log(`${new Date().toISOString()} ${headers['webhook-id'] ?? '(no webhook-id)'} REFUSED: ${reason}`);
      response.writeHead(400).end();
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`Listening for webhooks on http://127.0.0.1:${port}/ (Ctrl-C stops)`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

import { dispatchDue } from '../../src/app/webhooks/dispatch';
import type { PublisherServices } from '../../src/app/webhooks/publish';
import type { Logger } from '../../src/log';
import { publishStreamRecords } from '../../src/webhooksHandler';
import { pollStream } from './localProjector';

/** How often `npm start` looks for due deliveries: often enough for the 5 s retry to be on time. */
const DISPATCH_EVERY_MS = 1_000;

/**
 * `npm start`'s webhooks: the deployed publisher's code on DynamoDB Local's stream, and the dispatcher's on a
 * timer instead of a schedule.
 */
export function runLocalWebhooks(options: { endpoint: string; tableName: string; services: PublisherServices; logger: Logger }) {
  const publisher = pollStream({
    ...options,
    name: 'webhook publisher',
    consume: (records) => publishStreamRecords(options.services, options.logger, records),
  });
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      stopped
        ? undefined
        : dispatchDue(options.services).then(
            (report) => report.attempted + report.ended > 0 && options.logger.info({ webhookDeliveries: report }, 'local webhooks: dispatched deliveries'),
            (error: unknown) => options.logger.error({ err: error }, 'local webhooks: could not dispatch deliveries'),
          ),
    );
  }, DISPATCH_EVERY_MS);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all([publisher.stop(), running]);
    },
  };
}

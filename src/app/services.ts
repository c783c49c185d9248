import type { LifecycleStore } from '../store/lifecycleStore';
import type { ProjectionStore } from '../store/projection';
import type { PrivacyStore } from '../store/privacy';
import type { WebhookAdminServices } from './webhooks/subscriptions';

/** What the use cases need from outside the domain; the clock and ids are passed in so tests can fix them. */
export interface Services {
  store: LifecycleStore;
  /** What the stream projector reads and writes; the insights read how far it has got. */
  projection: ProjectionStore;
  /** Corrections and erasures of personal data. */
  privacy: PrivacyStore;
  clock: () => Date;
  /** A new unique, url-safe id fragment. */
  newId: () => string;
  idempotencyTtlHours: number;
  /** Signs cursors to the list, map and arguments they were read with (config.cursorSecret). */
  cursorSecret: string;
  /** Webhook subscriptions and their delivery log, with the URL policy of the stage. */
  webhookAdmin: WebhookAdminServices;
}

import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LifecycleStore } from '../store/lifecycleStore';
import { ProjectionStore } from '../store/projection';
import { PrivacyStore } from '../store/privacy';
import { WebhookStore } from '../store/webhooks';
import { DEPLOYED_URL_POLICY, type WebhookUrlPolicy } from '../domain/webhookUrl';
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

/** What differs between the Lambda, the local stack, the tests and the benchmarks: the rest is the table. */
export interface ServiceSettings {
  cursorSecret: string;
  clock?: () => Date;
  newId?: () => string;
  idempotencyTtlHours?: number;
  /** Where webhooks may go: deployed rules unless a local or test stage says otherwise. */
  webhookUrlPolicy?: WebhookUrlPolicy;
}

/** The use cases' services on one table: the only place the stores are put together. */
export function createServices(client: DynamoDBDocumentClient, tableName: string, settings: ServiceSettings): Services {
  return {
    store: new LifecycleStore(client, tableName),
    projection: new ProjectionStore(client, tableName),
    privacy: new PrivacyStore(client, tableName),
    clock: settings.clock ?? (() => new Date()),
    newId: settings.newId ?? (() => randomBytes(12).toString('base64url')),
    idempotencyTtlHours: settings.idempotencyTtlHours ?? 24,
    cursorSecret: settings.cursorSecret,
    webhookAdmin: { webhooks: new WebhookStore(client, tableName), urlPolicy: settings.webhookUrlPolicy ?? DEPLOYED_URL_POLICY },
  };
}

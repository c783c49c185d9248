import type { WebhookUrlPolicy } from '../../domain/webhookUrl';
import type { WebhookEvent } from '../../domain/webhookEvents';
import type { WebhookStore } from '../../store/webhooks';
import type { WebhookSender } from './sender';

/** Puts events on the deployed EventBridge bus; absent locally and in tests. */
export type EventBus = (events: WebhookEvent[]) => Promise<void>;

/** What publishing and delivering webhooks need: the store, the clock, and the outside world passed in. */
export interface WebhookServices {
  webhooks: WebhookStore;
  clock: () => Date;
  urlPolicy: WebhookUrlPolicy;
  send: WebhookSender;
  bus: EventBus | null;
  /** How long an attempt waits for an answer (15 s; tests shorten it). */
  timeoutMs: number;
}

import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { requireCanManageWebhooks, type Caller } from '../../domain/access';
import { badInput, conflict, notFound } from '../../domain/errors';
import { pageSize } from '../../domain/validation';
import { refusedAddress, type WebhookUrlPolicy } from '../../domain/webhookUrl';
import { rotatedSecrets, subscriptionSettings, type SubscriptionInput, type WebhookDelivery, type WebhookSubscription } from '../../domain/webhooks';
import type { Page } from '../../store/lifecycleStore';
import { deliveryKeyOf } from '../../store/webhookItems';
import type { WebhookStore } from '../../store/webhooks';
import { boundPage } from '../boundPage';
import type { Services } from '../services';

/** What the API's webhook use cases need beside the common services. */
export interface WebhookAdminServices {
  webhooks: WebhookStore;
  urlPolicy: WebhookUrlPolicy;
  /** Resolves a host name to its addresses (dns.lookup; tests may fix it). */
  resolve?: (hostname: string) => Promise<string[]>;
}

type Needs = Pick<Services, 'clock' | 'newId' | 'cursorSecret'> & { webhookAdmin: WebhookAdminServices };

/** A new signing secret: `whsec_` and 24 random bytes in base64, as Standard Webhooks libraries read it. */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

const resolveHost = async (hostname: string) => (await lookup(hostname, { all: true })).map((entry) => entry.address);

/** A URL's host must resolve, and only to allowed addresses (checked again at every delivery). */
async function checkResolvedHost(services: WebhookAdminServices, url: string): Promise<void> {
  const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = await (services.resolve ?? resolveHost)(hostname);
  } catch {
    throw badInput('input.url', `input.url: ${hostname} does not resolve`);
  }
  const refused = addresses.map((address) => refusedAddress(address, services.urlPolicy)).find((reason) => reason !== null);
  if (refused) throw badInput('input.url', `input.url: ${hostname} resolves to ${refused}`);
}

export async function createWebhookSubscription(services: Needs, caller: Caller, input: SubscriptionInput) {
  requireCanManageWebhooks(caller);
  const settings = subscriptionSettings(input, services.webhookAdmin.urlPolicy);
  await checkResolvedHost(services.webhookAdmin, settings.url);
  const secret = newSecret();
  const subscription: WebhookSubscription = {
    id: `whs_${services.newId()}`,
    ...settings,
    enabled: true,
    createdAt: services.clock().toISOString(),
    secrets: [{ secret, retiresAt: null }],
  };
  await services.webhookAdmin.webhooks.putSubscription(subscription);
  return { subscription, secret };
}

export async function webhookSubscriptions(services: Needs, caller: Caller): Promise<WebhookSubscription[]> {
  requireCanManageWebhooks(caller);
  return services.webhookAdmin.webhooks.subscriptions();
}

export async function setWebhookSubscriptionEnabled(services: Needs, caller: Caller, id: string, enabled: boolean): Promise<WebhookSubscription> {
  requireCanManageWebhooks(caller);
  const subscription = await services.webhookAdmin.webhooks.updateSubscription(id, { enabled });
  if (!subscription) throw notFound(`Webhook subscription ${id}`, 'id');
  return subscription;
}

/** A new secret; the one it replaces keeps signing beside it for 24 hours, so receivers can switch over. */
export async function rotateWebhookSecret(services: Needs, caller: Caller, id: string) {
  requireCanManageWebhooks(caller);
  const current = await services.webhookAdmin.webhooks.subscription(id);
  if (!current) throw notFound(`Webhook subscription ${id}`, 'id');
  const secret = newSecret();
  const subscription = await services.webhookAdmin.webhooks.updateSubscription(id, { secrets: rotatedSecrets(current, secret, services.clock()) });
  if (!subscription) throw notFound(`Webhook subscription ${id}`, 'id');
  return { subscription, secret };
}

export async function webhookDeliveries(
  services: Needs,
  caller: Caller,
  subscriptionId: string,
  request: { first?: number | null; after?: string | null },
): Promise<Page<WebhookDelivery>> {
  requireCanManageWebhooks(caller);
  const size = pageSize('first', request.first);
  if (!(await services.webhookAdmin.webhooks.subscription(subscriptionId))) throw notFound(`Webhook subscription ${subscriptionId}`, 'subscriptionId');
  return boundPage(services, ['webhookDeliveries', subscriptionId], request.after, (position) =>
    services.webhookAdmin.webhooks.deliveries(subscriptionId, size, position),
  );
}

/** Sends an ended delivery again (same webhook-id), now, with a fresh retry schedule. */
export async function redeliverWebhook(services: Needs, caller: Caller, deliveryId: string): Promise<WebhookDelivery> {
  requireCanManageWebhooks(caller);
  const key = deliveryKeyOf(deliveryId, 'deliveryId');
  const delivery = await services.webhookAdmin.webhooks.delivery(key);
  if (!delivery) throw notFound(`Webhook delivery ${deliveryId}`, 'deliveryId');
  const subscription = await services.webhookAdmin.webhooks.subscription(delivery.subscriptionId);
  if (!subscription?.enabled) throw conflict('The subscription is disabled: enable it before redelivering', 'deliveryId');
  const restarted = await services.webhookAdmin.webhooks.redeliver(key, services.clock().toISOString());
  if (!restarted) throw conflict('The delivery is still pending: it is retried on its schedule', 'deliveryId');
  return restarted;
}

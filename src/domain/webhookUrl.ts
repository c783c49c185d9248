import ipaddr from 'ipaddr.js';
import { badInput } from './errors';

/**
 * Where webhooks may go. Deployed stages: https only, and only to public unicast addresses (no loopback, private,
 * link-local, metadata, carrier-grade NAT or reserved ranges), so a subscription cannot reach inside the network.
 * Local and test stages: http too, and loopback and private addresses, so a developer can listen on their laptop;
 * link-local (the metadata address 169.254.169.254) stays refused everywhere.
 */
export interface WebhookUrlPolicy {
  allowHttp: boolean;
  allowPrivate: boolean;
}

export const DEPLOYED_URL_POLICY: WebhookUrlPolicy = { allowHttp: false, allowPrivate: false };
export const LOCAL_URL_POLICY: WebhookUrlPolicy = { allowHttp: true, allowPrivate: true };

const MAX_URL_LENGTH = 2000;
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal']);

/** A subscription's URL, checked by its text: scheme, no credentials, and its host when it is an address. */
export function webhookUrl(field: string, text: string, policy: WebhookUrlPolicy): string {
  if (text.length > MAX_URL_LENGTH) throw badInput(field, `${field} must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw badInput(field, `${field} is not a URL`);
  }
  const schemes = policy.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw badInput(field, `${field} must be an ${policy.allowHttp ? 'http or https' : 'https'} URL`);
  if (url.username !== '' || url.password !== '') throw badInput(field, `${field} must not carry credentials`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    const refusal = refusedAddress(host, policy);
    if (refusal) throw badInput(field, `${field} points at ${refusal}`);
  }
  return url.href;
}

/** Why an address may not receive webhooks (e.g. "a loopback address"), or null when it may. */
export function refusedAddress(address: string, policy: WebhookUrlPolicy): string | null {
  if (!ipaddr.isValid(address)) return 'an unreadable address';
  // process() reads an IPv4-mapped IPv6 address (::ffff:127.0.0.1) as the IPv4 address it carries.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  if (policy.allowPrivate && PRIVATE_RANGES.has(range)) return null;
  return `a ${range.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`)} address`;
}

/** The policy of a stage: deployed stages are strict, local and test stages let a developer listen on loopback. */
export const urlPolicyFor = (isDeployed: boolean): WebhookUrlPolicy => (isDeployed ? DEPLOYED_URL_POLICY : LOCAL_URL_POLICY);

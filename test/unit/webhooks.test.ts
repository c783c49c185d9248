import { webhookEventOf, subscriptionWants } from '../../src/domain/webhookEvents';
import { RETRY_DELAYS_MS, outcomeOf, retryAfterAt } from '../../src/domain/webhookSchedule';
import { DEPLOYED_URL_POLICY, LOCAL_URL_POLICY, refusedAddress, webhookUrl } from '../../src/domain/webhookUrl';
import { rotatedSecrets, signingSecrets, subscriptionSettings } from '../../src/domain/webhooks';
import { createWebhookMetricsPublisher } from '../../src/metrics';
import { busEntries } from '../../src/store/eventBus';
import { attemptWrites, deliveryKeyOf, deliveryId } from '../../src/store/webhookItems';
import type { Transition } from '../../src/domain/records';
import type { WebhookDelivery } from '../../src/domain/webhooks';

const NOW = new Date('2026-06-01T09:00:00.000Z');

describe('webhook URLs', () => {
  it.each([
    ['http://127.0.0.1:4000/hooks', 'an http URL', 'https'],
    ['https://127.0.0.1/hooks', 'loopback', 'loopback'],
    ['https://[::1]/hooks', 'IPv6 loopback', 'loopback'],
    ['https://10.0.0.5/hooks', 'a private address', 'private'],
    ['https://192.168.1.20/hooks', 'a private address', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'the metadata address', 'link local'],
    ['https://[fd00:ec2::254]/', "the metadata service's IPv6 address", 'unique local'],
    ['https://[::ffff:127.0.0.1]/', 'loopback inside IPv4-mapped IPv6', 'loopback'],
    ['https://100.64.0.1/', 'carrier-grade NAT', 'carrier grade nat'],
    ['https://0.0.0.0/', 'the unspecified address', 'unspecified'],
  ])('deployed stages refuse %s (%s)', (url, _, reason) => {
    expect(() => webhookUrl('input.url', url, DEPLOYED_URL_POLICY)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.url', message: expect.stringContaining(reason) }));
  });

  it('deployed stages accept an https URL of a public address or a name (names are checked when resolved)', () => {
    expect(webhookUrl('input.url', 'https://8.8.8.8/hooks', DEPLOYED_URL_POLICY)).toBe('https://8.8.8.8/hooks');
    expect(webhookUrl('input.url', ' https://hooks.example.com/in?x=1 ', DEPLOYED_URL_POLICY)).toBe('https://hooks.example.com/in?x=1');
  });

  it('local stages accept http and loopback and private addresses, and still refuse the metadata address', () => {
    expect(webhookUrl('input.url', 'http://127.0.0.1:4000/', LOCAL_URL_POLICY)).toBe('http://127.0.0.1:4000/');
    expect(webhookUrl('input.url', 'http://192.168.1.20/', LOCAL_URL_POLICY)).toBe('http://192.168.1.20/');
    expect(() => webhookUrl('input.url', 'http://169.254.169.254/', LOCAL_URL_POLICY)).toThrow(/link local/);
    expect(() => webhookUrl('input.url', 'ftp://127.0.0.1/', LOCAL_URL_POLICY)).toThrow(/http or https/);
  });

  it('checks resolved addresses the same way', () => {
    expect(refusedAddress('93.184.216.34', DEPLOYED_URL_POLICY)).toBeNull();
    expect(refusedAddress('127.0.0.53', DEPLOYED_URL_POLICY)).toBe('a loopback address');
    expect(refusedAddress('::ffff:10.1.1.1', DEPLOYED_URL_POLICY)).toBe('a private address');
    expect(refusedAddress('127.0.0.1', LOCAL_URL_POLICY)).toBeNull();
  });
});

describe('subscription settings', () => {
  it('name the event type at fault, by its place in the list', () => {
    expect(() =>
      subscriptionSettings({ url: 'http://127.0.0.1/', eventTypes: ['customer.created', 'customer.created', 'customer.moved'] }, LOCAL_URL_POLICY),
    ).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.eventTypes[2]' }));
    expect(subscriptionSettings({ url: 'http://127.0.0.1/', eventTypes: ['customer.created', 'customer.created'] }, LOCAL_URL_POLICY).eventTypes).toEqual([
      'customer.created',
    ]);
  });
});

describe('the retry schedule', () => {
  const failed = { kind: 'answered' as const, status: 503, retryAfter: null };

  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then fails', () => {
    const waits = RETRY_DELAYS_MS.map((_, failures) => {
      const outcome = outcomeOf(failed, failures, NOW);
      return outcome.next === 'retry' ? outcome.at.getTime() - NOW.getTime() : null;
    });
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(outcomeOf(failed, 7, NOW)).toEqual({ next: 'failed' });
  });

  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [300, 'retry'],
    [404, 'retry'],
    [410, 'disable'],
    [500, 'retry'],
  ])('after a %i answer: %s', (status, next) => {
    expect(outcomeOf({ kind: 'answered', status, retryAfter: null }, 0, NOW).next).toBe(next);
  });

  it('retries a connection failure or a timeout', () => {
    expect(outcomeOf({ kind: 'unreachable', error: 'ECONNREFUSED' }, 0, NOW)).toEqual({ next: 'retry', at: new Date(NOW.getTime() + 5_000) });
  });

  it('honours a longer Retry-After (seconds or a date), never a shorter one, and holds it to 10 hours', () => {
    const at = (retryAfter: string) => {
      const outcome = outcomeOf({ kind: 'answered', status: 503, retryAfter }, 0, NOW);
      return outcome.next === 'retry' ? outcome.at.getTime() - NOW.getTime() : null;
    };
    expect(at('60')).toBe(60_000);
    expect(at('1')).toBe(5_000);
    expect(at(new Date(NOW.getTime() + 600_000).toUTCString())).toBe(600_000);
    expect(at('999999')).toBe(36_000_000);
    expect(retryAfterAt('soon', NOW)).toBeNull();
  });
});

describe('events', () => {
  const transition: Transition = {
    id: 'trn_1',
    customerId: 'cus_1',
    mapId: 'default',
    version: 3,
    mapVersion: 2,
    from: 'ACTIVE',
    to: 'AT_RISK',
    at: NOW.toISOString(),
    team: null,
    reason: 'Score below 6',
    touchpointId: 'tp_1',
    automatic: true,
    recordedBy: 'rule',
    fromEnteredAt: null,
    ruleId: 'low-score',
  };

  it('a transition is a stage change; a first transition (from no stage) is the creation, not a stage change too', () => {
    expect(webhookEventOf(transition, { externalId: 'crm-1' })).toMatchObject({
      id: 'evt_trn_1',
      order: 3,
      payload: { type: 'customer.stage_changed', data: { ruleId: 'low-score', mapVersion: 2, version: 3 } },
    });
    expect(webhookEventOf({ ...transition, from: null, version: 1 }, { externalId: 'crm-1' }).payload).toMatchObject({
      type: 'customer.created',
      data: { stage: 'AT_RISK', externalId: 'crm-1', version: 1, mapVersion: 2 },
    });
  });

  it('go to subscriptions by type, map and only from their creation on', () => {
    const event = webhookEventOf(transition, { externalId: 'crm-1' });
    const subscription = { eventTypes: ['customer.stage_changed'], mapId: null, createdAt: NOW.toISOString() };
    expect(subscriptionWants(subscription, event)).toBe(true);
    expect(subscriptionWants({ ...subscription, mapId: 'other' }, event)).toBe(false);
    expect(subscriptionWants({ ...subscription, eventTypes: ['customer.created'] }, event)).toBe(false);
    expect(subscriptionWants({ ...subscription, createdAt: '2026-06-01T09:00:00.001Z' }, event)).toBe(false);
  });

  it('go on the bus with the payload as detail, the id inside it, and the type as detail-type', () => {
    const event = webhookEventOf(transition, { externalId: 'crm-1' });
    const [entry] = busEntries('bus', [event]);
    expect(entry).toMatchObject({ EventBusName: 'bus', Source: 'lifecycle-map', DetailType: 'customer.stage_changed' });
    expect(JSON.parse(entry?.Detail ?? '')).toEqual({ id: 'evt_trn_1', ...event.payload });
  });
});

describe('secrets', () => {
  it('a rotated-out secret signs beside the new one for 24 hours, then no more', () => {
    const secrets = rotatedSecrets({ secrets: [{ secret: 'whsec_old', retiresAt: null }] }, 'whsec_new', NOW);
    expect(signingSecrets({ secrets }, new Date(NOW.getTime() + 86_399_000))).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets({ secrets }, new Date(NOW.getTime() + 86_400_000))).toEqual(['whsec_new']);
  });
});

describe('delivery writes', () => {
  const delivery = {
    id: deliveryId('whs_1', NOW.toISOString(), 'evt_trn_1'),
    subscriptionId: 'whs_1',
    eventId: 'evt_trn_1',
    eventType: 'customer.stage_changed',
    customerId: 'cus_1',
    order: 3,
    body: '{}',
    status: 'PENDING',
    attempts: 1,
    failures: 1,
    lastStatusCode: 503,
    lastError: null,
    lastAttemptAt: NOW.toISOString(),
    nextAttemptAt: NOW.toISOString(),
    eventAt: NOW.toISOString(),
    createdAt: NOW.toISOString(),
  } satisfies WebhookDelivery;
  const lease = { owner: 'a', until: '2026-06-01T09:01:00.000Z' };

  it('record an attempt only while the lease is held', () => {
    const [write] = attemptWrites('t', delivery, lease, { status: 'DELIVERED', at: NOW.toISOString(), statusCode: 200, error: null });
    expect(write?.write.Update?.ConditionExpression).toBe('leaseOwner = :owner AND leaseUntil = :until');
  });

  it('take an ended delivery out of the due index and the customer pending versions; 410 also disables the subscription', () => {
    const writes = attemptWrites('t', delivery, lease, { status: 'DISABLED', at: NOW.toISOString(), statusCode: 410, error: null });
    expect(writes.map((w) => w.label)).toEqual(['delivery', 'order', 'subscription']);
    expect(writes[0]?.write.Update?.UpdateExpression).toMatch(/REMOVE .*gsi7pk, gsi7sk/);
    expect(writes[1]?.write.Update?.UpdateExpression).toBe('DELETE pending :version');
  });

  it('give an ended delivery 30 days in the log (the TTL attribute), and a pending one none', () => {
    const [ended] = attemptWrites('t', delivery, lease, { status: 'DELIVERED', at: NOW.toISOString(), statusCode: 204, error: null });
    expect(ended?.write.Update?.ExpressionAttributeValues?.[':expires']).toBe(NOW.getTime() / 1000 + 30 * 86_400);
    const [retried] = attemptWrites('t', delivery, lease, { status: 'PENDING', nextAttemptAt: NOW.toISOString(), at: NOW.toISOString(), statusCode: 503, error: null });
    expect(retried?.write.Update?.UpdateExpression).not.toContain('expiresAt');
  });

  it('keep a retried delivery in the due index at its next attempt', () => {
    const writes = attemptWrites('t', delivery, lease, { status: 'PENDING', nextAttemptAt: '2026-06-01T09:05:00.000Z', at: NOW.toISOString(), statusCode: 503, error: null });
    expect(writes.map((w) => w.label)).toEqual(['delivery']);
    expect(writes[0]?.write.Update?.ExpressionAttributeValues?.[':dueSk']).toBe('2026-06-01T09:05:00.000Z#cus_1#0000000003#whs_1');
  });

  it('read a delivery id back as its key, and refuse a forged one naming the field', () => {
    expect(deliveryKeyOf(delivery.id, 'deliveryId')).toEqual({ pk: 'WEBHOOK#whs_1', sk: `DELIVERY#${NOW.toISOString()}#evt_trn_1` });
    expect(() => deliveryKeyOf('e30', 'deliveryId')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'deliveryId' }));
  });
});

describe('webhook metrics', () => {
  it('count ended deliveries under the service alone, the dimension set the alarm reads', () => {
    const lines: Record<string, unknown>[] = [];
    createWebhookMetricsPublisher({ namespace: 'LifecycleMap', service: 'lifecycle-map-unit' }, (line) => lines.push(JSON.parse(line)))({
      events: 2,
      deliveriesMade: 2,
      attempts: 3,
      delivered: 1,
      ended: 1,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: 'lifecycle-map-unit', operation: '(webhooks)', WebhookDeliveriesEnded: 1, WebhookAttempts: 3 });
    const [directive] = (lines[0] as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } })._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe('LifecycleMap');
    expect(directive?.Dimensions).toContainEqual(['service']);
  });
});

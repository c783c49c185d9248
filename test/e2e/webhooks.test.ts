import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { recordTouchpoint } from '../../src/app/recordTouchpoints';
import { dispatchUntilQuiet } from '../../src/app/webhooks/dispatch';
import { startApi, type TestApi } from '../support/api';
import { deliveryKeyOf } from '../../src/store/webhookItems';
import { aMove, aNewCustomer, aTouchpoint, anAdmin } from '../support/builders';
import { startReceiver, webhookRig } from '../support/webhooks';

// Each test subscribes its own receiver; the table (and its stream) is shared, so every test first publishes and
// dispatches what earlier tests left, then disables its subscription when done.
let api: TestApi;
let rig: ReturnType<typeof webhookRig>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  api = await startApi();
  rig = webhookRig(api.table);
});
afterAll(() => rig.close());

beforeEach(async () => {
  await settle();
  // A subscription hears only of what happens after it is made: earlier tests' events are before it.
  api.table.clock.advance(1_000);
  receiver = await startReceiver();
});
afterEach(async () => {
  for (const subscription of (await api.graphql('{ webhookSubscriptions { id enabled } }')).json.data.webhookSubscriptions) {
    if (subscription.enabled) await api.graphql('mutation($id: ID!) { disableWebhookSubscription(id: $id) { id } }', { id: subscription.id });
  }
  await settle();
  await receiver.close();
});

/** Publishes what the stream holds and sends what is due, moving the clock on past every retry, until quiet. */
async function settle() {
  await rig.publish();
  for (let pass = 0; pass < 20; pass++) {
    const report = await rig.dispatch();
    if (report.attempted + report.ended === 0 && (await api.table.services.webhookAdmin.webhooks.due(farFuture(), 1)).length === 0) return;
    api.table.clock.advance(11 * 3_600_000);
  }
}
const farFuture = () => new Date(api.table.clock.now().getTime() + 365 * 86_400_000).toISOString();

const SUBSCRIPTION_FIELDS = 'id url eventTypes mapId description enabled createdAt';

async function subscribe(input: Record<string, unknown> = {}) {
  const response = await api.graphql(
    `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { subscription { ${SUBSCRIPTION_FIELDS} } secret } }`,
    { input: { url: receiver.url, eventTypes: ['customer.created', 'customer.stage_changed'], ...input } },
  );
  expect(response.json.errors).toBeUndefined();
  return response.json.data.createWebhookSubscription as { subscription: { id: string; enabled: boolean }; secret: string };
}

async function deliveries(subscriptionId: string, first = 100) {
  const response = await api.graphql(
    `query($id: ID!, $first: Int) { webhookDeliveries(subscriptionId: $id, first: $first) {
       edges { node { id eventId eventType status attempts lastStatusCode lastError lastAttemptAt nextAttemptAt } } pageInfo { hasNextPage endCursor } } }`,
    { id: subscriptionId, first },
  );
  expect(response.json.errors).toBeUndefined();
  return response.json.data.webhookDeliveries.edges.map((edge: { node: unknown }) => edge.node) as {
    id: string;
    eventId: string;
    eventType: string;
    status: string;
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
    nextAttemptAt: string | null;
  }[];
}

const newCustomer = async () => (await createCustomer(api.table.services, anAdmin, aNewCustomer())).customer;
const move = (customerId: string, toStage: string) => advanceCustomer(api.table.services, anAdmin, aMove(customerId, toStage, { reason: `to ${toStage}` }));
/** Verifies with the library as a receiver whose clock is the test's would (it refuses timestamps 5 min off). */
function verify(secret: string, request: { body: string; headers: Record<string, unknown> } | undefined) {
  const now = jest.spyOn(Date, 'now').mockReturnValue(api.table.clock.now().getTime());
  try {
    return new Webhook(secret).verify(request?.body ?? '', request?.headers as Record<string, string>) as ReturnType<typeof payloadOf>;
  } finally {
    now.mockRestore();
  }
}

const payloadOf = (body: string) => JSON.parse(body) as { type: string; timestamp: string; data: Record<string, unknown> };

describe('events and their signatures', () => {
  it('sends customer.created and customer.stage_changed, signed per Standard Webhooks, verified by the library', async () => {
    const { secret, subscription } = await subscribe();
    const customer = await newCustomer();
    const moved = await move(customer.id, 'ONBOARDING');
    await rig.publish();
    expect(await rig.dispatch()).toEqual({ attempted: 2, delivered: 2, ended: 0 });

    const events = receiver.received.map((request) => ({ id: request.headers['webhook-id'], event: verify(secret, request) }));
    expect(events.map(({ event }) => event.type)).toEqual(['customer.created', 'customer.stage_changed']);
    expect(events[0]?.event.data).toMatchObject({ customerId: customer.id, externalId: customer.externalId, stage: 'PROSPECT', version: 1 });
    expect(events[1]).toEqual({
      id: `evt_${moved.transition.id}`,
      event: {
        type: 'customer.stage_changed',
        timestamp: moved.transition.at,
        data: {
          transitionId: moved.transition.id,
          customerId: customer.id,
          externalId: customer.externalId,
          mapId: 'default',
          from: 'PROSPECT',
          to: 'ONBOARDING',
          at: moved.transition.at,
          team: 'OPERATIONS',
          reason: 'to ONBOARDING',
          automatic: false,
          touchpointId: null,
          ruleId: null,
          mapVersion: 1,
          version: 2,
        },
      },
    });
    // Another secret's signature does not verify: the library checks it, not just its presence.
    expect(() => verify(`whsec_${Buffer.from('x'.repeat(24)).toString('base64')}`, receiver.received[0])).toThrow();
    expect((await deliveries(subscription.id)).map((d) => [d.eventType, d.status, d.attempts, d.lastStatusCode])).toEqual([
      ['customer.stage_changed', 'DELIVERED', 1, 204],
      ['customer.created', 'DELIVERED', 1, 204],
    ]);
  });

  it("sends a move the map's rules made, marked automatic, with the touchpoint that made it", async () => {
    await subscribe({ eventTypes: ['customer.stage_changed'] });
    const customer = await newCustomer();
    const purchase = await recordTouchpoint(api.table.services, anAdmin, aTouchpoint(customer.id, { team: 'MARKETING', kind: 'PURCHASE', channel: 'WEB' }));
    await rig.publish();
    await rig.dispatch();
    expect(receiver.received.map((request) => payloadOf(request.body).data)).toEqual([
      expect.objectContaining({
        from: 'PROSPECT',
        to: 'ONBOARDING',
        automatic: true,
        touchpointId: purchase.touchpoint.id,
        transitionId: purchase.transition?.id,
        ruleId: 'first-purchase',
        mapVersion: 1,
      }),
    ]);
  });

  it('publishes a stream record read twice once: one delivery per subscription and event', async () => {
    const { subscription } = await subscribe();
    await newCustomer();
    const tailAgain = webhookRig(api.table);
    await rig.publish();
    await tailAgain.publish(); // reads the whole stream from its start: every event again
    tailAgain.close();
    await rig.dispatch();
    expect(receiver.received).toHaveLength(1);
    expect(await deliveries(subscription.id)).toHaveLength(1);
  });

  it('after a rotation signs with the new secret and the old one for 24 hours, then with the new one alone', async () => {
    const { subscription, secret: old } = await subscribe();
    const rotated = await api.graphql('mutation($id: ID!) { rotateWebhookSecret(id: $id) { subscription { id } secret } }', { id: subscription.id });
    const fresh = rotated.json.data.rotateWebhookSecret.secret as string;
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(fresh).not.toBe(old);
    await newCustomer();
    await rig.publish();
    await rig.dispatch();
    const first = receiver.received[0];
    expect(first?.headers['webhook-signature']?.toString().split(' ')).toHaveLength(2);
    for (const secret of [old, fresh]) expect(() => verify(secret, first)).not.toThrow();

    api.table.clock.advance(24 * 3_600_000 + 1_000);
    await newCustomer();
    await rig.publish();
    await rig.dispatch();
    const second = receiver.received[1];
    expect(second?.headers['webhook-signature']?.toString().split(' ')).toHaveLength(1);
    expect(() => verify(fresh, second)).not.toThrow();
    expect(() => verify(old, second)).toThrow();
  });

  it('only sends the event types and map a subscription asks for', async () => {
    await subscribe({ eventTypes: ['customer.stage_changed'] });
    const otherMap = await subscribe({ mapId: 'another-map' });
    const customer = await newCustomer();
    await move(customer.id, 'ONBOARDING');
    await rig.publish();
    await rig.dispatch();
    expect(receiver.received.map((request) => payloadOf(request.body).type)).toEqual(['customer.stage_changed']);
    expect(await deliveries(otherMap.subscription.id)).toEqual([]);
  });
});

describe('retries', () => {
  it('a receiver that answers 503 once gets the same webhook-id again 5 s later, and the delivery ends DELIVERED with 2 attempts', async () => {
    const { subscription } = await subscribe();
    let calls = 0;
    receiver.answerWith((_, response) => void response.writeHead(++calls === 1 ? 503 : 200).end());
    await newCustomer();
    await rig.publish();
    await rig.dispatch();
    const [pending] = await deliveries(subscription.id);
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 503 });
    expect(Date.parse(pending?.nextAttemptAt ?? '') - api.table.clock.now().getTime()).toBe(5_000);

    api.table.clock.advance(4_999);
    expect((await rig.dispatch()).attempted).toBe(0);
    api.table.clock.advance(1);
    await rig.dispatch();
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([pending?.eventId, pending?.eventId]);
    expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatusCode: 200, nextAttemptAt: null });
  });

  it('honours Retry-After when it asks for longer than the schedule', async () => {
    const { subscription } = await subscribe();
    receiver.answerWith((_, response) => void response.writeHead(429, { 'retry-after': '120' }).end());
    await newCustomer();
    await rig.publish();
    await rig.dispatch();
    const [pending] = await deliveries(subscription.id);
    expect(Date.parse(pending?.nextAttemptAt ?? '') - api.table.clock.now().getTime()).toBe(120_000);
  });

  it('follows the schedule 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then ends FAILED', async () => {
    const { subscription } = await subscribe();
    receiver.answerWith((_, response) => void response.writeHead(500).end());
    await newCustomer();
    await rig.publish();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      await rig.dispatch();
      const [delivery] = await deliveries(subscription.id);
      if (delivery?.nextAttemptAt) {
        waits.push(Date.parse(delivery.nextAttemptAt) - api.table.clock.now().getTime());
        api.table.clock.set(delivery.nextAttemptAt);
      }
    }
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'FAILED', attempts: 8, nextAttemptAt: null });
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(1);

    // Redelivered by hand: the same id once more, on a fresh schedule.
    receiver.answerWith((_, response) => void response.writeHead(204).end());
    const [failed] = await deliveries(subscription.id);
    // Ended, it is kept 30 days (DynamoDB's TTL); started again, until it ends again.
    const stored = async () =>
      (await api.table.client.send(new GetCommand({ TableName: api.table.tableName, Key: deliveryKeyOf(failed?.id ?? '', 'id') }))).Item;
    expect((await stored())?.['expiresAt']).toBe(Math.floor(api.table.clock.now().getTime() / 1000) + 30 * 86_400);
    const again = await api.graphql('mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { status attempts } }', { id: failed?.id });
    expect(again.json.data.redeliverWebhook).toEqual({ status: 'PENDING', attempts: 8 });
    expect((await stored())?.['expiresAt']).toBeUndefined();
    await rig.dispatch();
    expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 9 });
    expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(failed?.eventId);
  });

  it('a slow receiver times out, and the attempt is retried', async () => {
    const { subscription } = await subscribe();
    let calls = 0;
    receiver.answerWith((_, response) => {
      if (++calls === 1) setTimeout(() => response.writeHead(204).end(), 1_500);
      else response.writeHead(204).end();
    });
    await newCustomer();
    await rig.publish();
    // A dispatcher whose timeout (15 s deployed) is shortened to 300 ms, so the test need not wait 15 s.
    const impatient = webhookRig(api.table, { timeoutMs: 300 });
    await impatient.dispatch();
    impatient.close();
    const [timedOut] = await deliveries(subscription.id);
    expect(timedOut).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null, lastError: 'no answer within 300 ms' });
    api.table.clock.advance(5_000);
    await rig.dispatch();
    expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 2, lastError: null });
  });

  it('410 Gone disables the subscription: the delivery ends DISABLED and nothing more is sent', async () => {
    const { subscription } = await subscribe();
    receiver.answerWith((_, response) => void response.writeHead(410).end());
    await newCustomer();
    await rig.publish();
    await rig.dispatch();
    expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'DISABLED', attempts: 1, lastStatusCode: 410 });
    const listed = (await api.graphql('{ webhookSubscriptions { id enabled } }')).json.data.webhookSubscriptions;
    expect(listed.find((s: { id: string }) => s.id === subscription.id)).toEqual({ id: subscription.id, enabled: false });
    await newCustomer();
    await rig.publish();
    await rig.dispatch();
    expect(receiver.received).toHaveLength(1);
  });
});

describe('a dispatcher run', () => {
  const run = async () => {
    const sleeps: number[] = [];
    const report = await dispatchUntilQuiet(rig.services, Date.now() + 60_000, {
      sleep: async (ms) => {
        sleeps.push(ms);
        api.table.clock.advance(ms);
      },
    });
    return { report, sleeps };
  };

  it('waits for a 5 s retry within its run and sends it', async () => {
    await subscribe();
    let calls = 0;
    receiver.answerWith((_, response) => void response.writeHead(++calls === 1 ? 503 : 204).end());
    await newCustomer();
    await rig.publish();
    expect(await run()).toEqual({ report: { attempted: 2, delivered: 1, ended: 0 }, sleeps: [5_000] });
  });

  it('does not wait on a delivery held back by an older one, nor on a retry minutes away', async () => {
    await subscribe({ eventTypes: ['customer.stage_changed'] });
    receiver.answerWith((request, response) => void response.writeHead(payloadOf(request.body).data['to'] === 'ONBOARDING' ? 503 : 204).end());
    const customer = await newCustomer();
    await move(customer.id, 'ONBOARDING');
    await move(customer.id, 'ACTIVE');
    await rig.publish();
    // ONBOARDING fails, is retried after 5 s and fails again (next in 5 min); ACTIVE, due all along, waits for it.
    expect(await run()).toEqual({ report: { attempted: 2, delivered: 0, ended: 0 }, sleeps: [5_000] });
    expect(receiver.received.map((request) => payloadOf(request.body).data['to'])).toEqual(['ONBOARDING', 'ONBOARDING']);
  });
});

describe('order and exactly once', () => {
  it('50 moves across 10 customers arrive each exactly once per id, in version order per customer', async () => {
    await subscribe({ eventTypes: ['customer.stage_changed'] });
    const customers = await Promise.all(Array.from({ length: 10 }, () => newCustomer()));
    const path = ['ONBOARDING', 'ACTIVE', 'AT_RISK', 'ACTIVE', 'LOYAL'];
    for (const stage of path) await Promise.all(customers.map((customer) => move(customer.id, stage)));
    await rig.publish();
    await rig.dispatch();

    const events = receiver.received.map((request) => ({ id: request.headers['webhook-id'], ...payloadOf(request.body) }));
    expect(events).toHaveLength(50);
    expect(new Set(events.map((event) => event.id)).size).toBe(50);
    for (const customer of customers) {
      const own = events.filter((event) => event.data['customerId'] === customer.id);
      expect(own.map((event) => event.data['version'])).toEqual([2, 3, 4, 5, 6]);
      expect(own.map((event) => event.data['to'])).toEqual(path);
    }
  });

  it("a customer's newer event waits while an older one is being retried; other customers' go on", async () => {
    await subscribe({ eventTypes: ['customer.stage_changed'] });
    const [slow, other] = [await newCustomer(), await newCustomer()];
    let refusedOnce = false;
    receiver.answerWith((request, response) => {
      const refuse = !refusedOnce && payloadOf(request.body).data['customerId'] === slow.id;
      refusedOnce ||= refuse;
      response.writeHead(refuse ? 503 : 204).end();
    });
    for (const stage of ['ONBOARDING', 'ACTIVE']) await Promise.all([move(slow.id, stage), move(other.id, stage)]);
    await rig.publish();
    await rig.dispatch();
    const toOf = (customerId: string) =>
      receiver.received.map((request) => payloadOf(request.body)).filter((event) => event.data['customerId'] === customerId).map((event) => event.data['to']);
    expect(toOf(other.id)).toEqual(['ONBOARDING', 'ACTIVE']);
    expect(toOf(slow.id)).toEqual(['ONBOARDING']);
    api.table.clock.advance(5_000);
    await rig.dispatch();
    expect(toOf(slow.id)).toEqual(['ONBOARDING', 'ONBOARDING', 'ACTIVE']);
  });

  it('a dispatcher killed mid-batch loses nothing: after its leases run out, another delivers the rest', async () => {
    const { subscription } = await subscribe({ eventTypes: ['customer.created'] });
    await Promise.all(Array.from({ length: 12 }, () => newCustomer()));
    await rig.publish();

    // The first dispatcher sends three deliveries, then dies while sending the next ones (after the receiver got
    // them, before recording them): its sends never return.
    let sent = 0;
    const inFlight: string[] = [];
    const dying = webhookRig(api.table, {
      send: async (request) => {
        const result = await rig.services.send(request);
        if (++sent <= 3) return result;
        inFlight.push(request.headers['webhook-id'] as string);
        return new Promise(() => undefined);
      },
    });
    void dying.dispatch('dying');
    // Its 8 workers each end up stuck on a send: 3 delivered, 8 in flight, 1 not yet claimed.
    await waitFor(() => inFlight.length === 8);
    dying.close();
    expect((await deliveries(subscription.id)).filter((d) => d.status === 'PENDING')).toHaveLength(9);
    // A second dispatcher before the leases run out takes nothing the first one holds.
    await rig.dispatch();
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(receiver.received.length);

    api.table.clock.advance(60_000);
    await rig.dispatch();
    const log = await deliveries(subscription.id);
    expect(log.map((d) => d.status)).toEqual(Array(12).fill('DELIVERED'));
    const ids = receiver.received.map((r) => r.headers['webhook-id'] as string);
    expect(new Set(ids).size).toBe(12);
    // Sent twice: only what the dead dispatcher had in flight, with the same webhook-id both times.
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(twice.sort()).toEqual([...inFlight].sort());
  });
});

describe('managing subscriptions', () => {
  it.each(['viewer', 'marketing', 'operations'] as const)('%s may not manage or read subscriptions (FORBIDDEN)', async (role) => {
    const { subscription } = await subscribe();
    const attempts = [
      api.graphql('{ webhookSubscriptions { id } }', {}, { role }),
      api.graphql('query($id: ID!) { webhookDeliveries(subscriptionId: $id) { edges { cursor } } }', { id: subscription.id }, { role }),
      api.graphql(
        'mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }',
        { input: { url: receiver.url, eventTypes: ['customer.created'] } },
        { role },
      ),
      api.graphql('mutation($id: ID!) { disableWebhookSubscription(id: $id) { id } }', { id: subscription.id }, { role }),
      api.graphql('mutation($id: ID!) { enableWebhookSubscription(id: $id) { id } }', { id: subscription.id }, { role }),
      api.graphql('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: subscription.id }, { role }),
      api.graphql('mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }', { id: 'e30' }, { role }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = (await api.graphql('{ webhookSubscriptions { id enabled } }')).json.data.webhookSubscriptions;
    expect(listed.filter((s: { enabled: boolean }) => s.enabled)).toEqual([{ id: subscription.id, enabled: true }]);
  });

  it.each([
    ['a text that is no URL', { url: 'not a url' }, 'input.url'],
    ['a scheme other than http(s)', { url: 'ftp://example.com/hooks' }, 'input.url'],
    ['credentials in the URL', { url: 'http://user:pass@127.0.0.1:9/hooks' }, 'input.url'],
    ['the metadata address', { url: 'http://169.254.169.254/latest/meta-data' }, 'input.url'],
    ['a host that resolves to nothing', { url: 'http://no-such-host.invalid/hooks' }, 'input.url'],
    ['an unknown event type', { eventTypes: ['customer.created', 'customer.deleted'] }, 'input.eventTypes[1]'],
    ['no event type', { eventTypes: [] }, 'input.eventTypes'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and writes nothing', async (_, input, field) => {
    const before = (await api.graphql('{ webhookSubscriptions { id } }')).json.data.webhookSubscriptions.length;
    const response = await api.graphql(
      'mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }',
      { input: { url: receiver.url, eventTypes: ['customer.created'], ...input } },
    );
    expect(response.json.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await api.graphql('{ webhookSubscriptions { id } }')).json.data.webhookSubscriptions).toHaveLength(before);
  });

  it('never shows a secret after creation: not in the list, not in the log', async () => {
    const { secret, subscription } = await subscribe({ description: 'CRM win-back flow' });
    const asked = await api.graphql('{ webhookSubscriptions { id secret } }');
    expect(asked.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const listed = await api.graphql(`{ webhookSubscriptions { ${SUBSCRIPTION_FIELDS} } }`);
    expect(listed.json.data.webhookSubscriptions).toContainEqual(expect.objectContaining({ id: subscription.id, description: 'CRM win-back flow', enabled: true }));
    expect(listed.text).not.toContain(secret.slice(6));
    expect(JSON.stringify(api.logLines)).not.toContain(secret.slice(6));
  });

  it('disabling stops deliveries and enabling starts them again for new events; a redelivery of a pending delivery is a CONFLICT', async () => {
    const { subscription } = await subscribe();
    receiver.answerWith((_, response) => void response.writeHead(503).end());
    await newCustomer();
    await rig.publish();
    await rig.dispatch();
    const [pending] = await deliveries(subscription.id);
    const redeliver = await api.graphql('mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { status } }', { id: pending?.id });
    expect(redeliver.json.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'deliveryId' });

    await api.graphql('mutation($id: ID!) { disableWebhookSubscription(id: $id) { enabled } }', { id: subscription.id });
    api.table.clock.advance(5_000);
    await rig.dispatch();
    expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'DISABLED', attempts: 1, nextAttemptAt: null });
    expect(receiver.received).toHaveLength(1);

    receiver.answerWith((_, response) => void response.writeHead(204).end());
    const enabled = await api.graphql('mutation($id: ID!) { enableWebhookSubscription(id: $id) { enabled } }', { id: subscription.id });
    expect(enabled.json.data.enableWebhookSubscription).toEqual({ enabled: true });
    await newCustomer();
    await rig.publish();
    await rig.dispatch();
    expect(receiver.received).toHaveLength(2);
  });

  it('pages the delivery log newest first, and refuses a malformed delivery id naming the field', async () => {
    const { subscription } = await subscribe({ eventTypes: ['customer.created'] });
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      created.push(`evt_${(await createCustomer(api.table.services, anAdmin, aNewCustomer())).transition.id}`);
      api.table.clock.advance(1_000);
    }
    await rig.publish();
    await rig.dispatch();
    const first = await api.graphql('query($id: ID!) { webhookDeliveries(subscriptionId: $id, first: 2) { edges { node { eventId } } pageInfo { hasNextPage endCursor } } }', { id: subscription.id });
    const page = first.json.data.webhookDeliveries;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await api.graphql('query($id: ID!, $after: String) { webhookDeliveries(subscriptionId: $id, first: 2, after: $after) { edges { node { eventId } } pageInfo { hasNextPage } } }', {
      id: subscription.id,
      after: page.pageInfo.endCursor,
    });
    const order = [...page.edges, ...rest.json.data.webhookDeliveries.edges].map((edge: { node: { eventId: string } }) => edge.node.eventId);
    expect(order).toEqual([...created].reverse());
    const bad = await api.graphql('mutation { redeliverWebhook(deliveryId: "nonsense") { status } }');
    expect(bad.json.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deliveryId' });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('waited in vain');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { recordTouchpoint } from '../../src/app/recordTouchpoints';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { aMarketer, aMove, aNewCustomer, aTouchpoint, anAdmin } from '../support/builders';
import { freshTable, type TestTable } from '../support/dynamodb';

let table: TestTable;
beforeEach(async () => {
  table = await freshTable();
});

const stages = DEFAULT_MAP.stages.map((s) => s.key);
const counts = async () => Object.fromEntries(await table.store.stageCounts('default', stages));

/** Every item of a customer's partition: what a refused write must leave untouched. */
async function partition(customerId: string) {
  const result = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}` },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

describe('creating a customer', () => {
  it('starts it at PROSPECT, version 1, with a first transition and a stage count', async () => {
    const { customer, transition } = await createCustomer(table.services, aMarketer, aNewCustomer({ name: ' Ada ' }));
    expect(customer).toMatchObject({ stage: 'PROSPECT', version: 1, name: 'Ada', mapId: 'default' });
    expect(transition).toMatchObject({ from: null, to: 'PROSPECT', version: 1, recordedBy: 'marketing-1' });
    expect(await table.store.journey(customer.id)).toEqual([transition]);
    expect((await counts())['PROSPECT']).toBe(1);
  });

  it('refuses a second customer with the same externalId in the map, writing nothing', async () => {
    await createCustomer(table.services, aMarketer, aNewCustomer({ externalId: 'dup' }));
    await expect(createCustomer(table.services, aMarketer, aNewCustomer({ externalId: 'dup' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'input.externalId',
    });
    expect((await counts())['PROSPECT']).toBe(1);
  });

  it('refuses an unknown map as BAD_USER_INPUT', async () => {
    await expect(createCustomer(table.services, aMarketer, aNewCustomer({ mapId: 'nope' }))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.mapId',
    });
  });
});

describe('moving a customer', () => {
  it('writes stage, version, transition and both stage counts together', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    table.clock.advanceDays(1);
    const { customer: moved, transition } = await advanceCustomer(
      table.services,
      anAdmin,
      aMove(customer.id, 'ONBOARDING', { team: 'MARKETING', reason: 'Signed' }),
    );
    expect(moved).toMatchObject({ stage: 'ONBOARDING', version: 2, stageEnteredAt: table.clock.now().toISOString() });
    expect(transition).toMatchObject({ from: 'PROSPECT', to: 'ONBOARDING', team: 'MARKETING', automatic: false });
    expect(await table.store.getCustomer(customer.id, true)).toEqual(moved);
    expect(await counts()).toMatchObject({ PROSPECT: 0, ONBOARDING: 1 });
  });

  it('refuses a move the map does not allow, naming the allowed ones, writing nothing', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    const before = await partition(customer.id);
    await expect(advanceCustomer(table.services, anAdmin, aMove(customer.id, 'LOYAL'))).rejects.toMatchObject({
      code: 'INVALID_MOVE',
      allowed: ['ONBOARDING'],
    });
    expect(await partition(customer.id)).toEqual(before);
  });

  it('refuses a stale expectedVersion with CONFLICT, writing nothing', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ONBOARDING'));
    const before = await partition(customer.id);
    await expect(
      advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ACTIVE', { expectedVersion: 1 })),
    ).rejects.toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion' });
    expect(await partition(customer.id)).toEqual(before);
    expect(await counts()).toMatchObject({ ONBOARDING: 1, ACTIVE: 0 });
    await expect(
      advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ACTIVE', { expectedVersion: 2 })),
    ).resolves.toMatchObject({ customer: { version: 3, stage: 'ACTIVE' } });
  });

  it('refuses an unknown stage and an unknown customer', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    await expect(advanceCustomer(table.services, anAdmin, aMove(customer.id, 'GONE'))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.toStage',
    });
    await expect(advanceCustomer(table.services, anAdmin, aMove('cus_missing', 'ACTIVE'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.customerId',
    });
  });
});

describe('recording touchpoints', () => {
  it('moves a PROSPECT that purchases to ONBOARDING by rule, in the same write as the touchpoint', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    const result = await recordTouchpoint(
      table.services,
      aMarketer,
      aTouchpoint(customer.id, { team: 'MARKETING', kind: 'PURCHASE', channel: 'WEB', revenue: 250 }),
    );
    expect(result.transition).toMatchObject({
      from: 'PROSPECT',
      to: 'ONBOARDING',
      automatic: true,
      touchpointId: result.touchpoint.id,
      reason: 'First purchase',
    });
    expect(result.customer).toMatchObject({ stage: 'ONBOARDING', version: 2 });
    expect(await table.store.getTouchpoint(customer.id, result.touchpoint.id)).toEqual(result.touchpoint);
    expect(await counts()).toMatchObject({ PROSPECT: 0, ONBOARDING: 1 });
  });

  it('moves an acquired customer scoring below 6 to AT_RISK; 6 leaves it where it is', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ONBOARDING'));
    const met = await recordTouchpoint(table.services, anAdmin, aTouchpoint(customer.id, { kind: 'FEEDBACK', score: 6 }));
    expect(met.transition).toBeNull();
    expect(met.customer).toMatchObject({ stage: 'ONBOARDING' });
    expect(await table.store.latestScore(customer.id)).toMatchObject({ score: 6, touchpointId: met.touchpoint.id });
    table.clock.advance(1000);
    const alarm = await recordTouchpoint(table.services, anAdmin, aTouchpoint(customer.id, { kind: 'FEEDBACK', score: 5 }));
    expect(alarm.transition).toMatchObject({ from: 'ONBOARDING', to: 'AT_RISK', automatic: true });
    expect(await table.store.getCustomer(customer.id, true)).toMatchObject({ stage: 'AT_RISK' });
    expect((await table.store.latestScore(customer.id))?.score).toBe(5);
  });

  it('keeps the latest score by when it happened, not by when it arrived', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    table.clock.advanceDays(10);
    await recordTouchpoint(table.services, anAdmin, aTouchpoint(customer.id, { kind: 'FEEDBACK', score: 9 }));
    const backdated = new Date(table.clock.now().getTime() - 5 * 86_400_000).toISOString();
    const late = await recordTouchpoint(
      table.services,
      anAdmin,
      aTouchpoint(customer.id, { kind: 'FEEDBACK', score: 3, occurredAt: backdated }),
    );
    expect(late.transition).toBeNull();
    expect((await table.store.latestScore(customer.id))?.score).toBe(9);
  });

  it('pages touchpoints in the order they happened, by team too, with no gap or repeat', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    table.clock.advanceDays(30);
    const days = [5, 1, 20, 3, 12, 8, 25];
    for (const [i, day] of days.entries()) {
      await recordTouchpoint(
        table.services,
        anAdmin,
        aTouchpoint(customer.id, {
          team: i % 2 === 0 ? 'OPERATIONS' : 'TRAINING',
          occurredAt: new Date(Date.parse('2026-06-01T09:00:00.000Z') + day * 86_400_000).toISOString(),
        }),
      );
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await table.store.touchpoints(customer.id, 3, after, null);
      seen.push(...page.nodes.map((n) => n.node.occurredAt));
      after = page.hasNextPage ? (page.nodes.at(-1)?.cursor ?? null) : null;
    } while (after);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toHaveLength(days.length);
    const training = await table.store.touchpoints(customer.id, 10, null, 'TRAINING');
    expect(training.nodes.map((n) => n.node.team)).toEqual(['TRAINING', 'TRAINING', 'TRAINING']);
    expect(training.nodes.map((n) => n.node.occurredAt)).toEqual(training.nodes.map((n) => n.node.occurredAt).sort());
  });
});

describe('idempotency', () => {
  it('answers a retried key with the first result and writes once', async () => {
    const request = aNewCustomer({ idempotencyKey: 'create-1' });
    const first = await createCustomer(table.services, aMarketer, request);
    table.clock.advance(60_000);
    const again = await createCustomer(table.services, aMarketer, { ...request });
    expect(again).toEqual(first);
    expect((await counts())['PROSPECT']).toBe(1);

    const tp = aTouchpoint(first.customer.id, { team: 'MARKETING', kind: 'PURCHASE', idempotencyKey: 'buy-1' });
    const bought = await recordTouchpoint(table.services, aMarketer, tp);
    const retried = await recordTouchpoint(table.services, aMarketer, { ...tp });
    expect(retried).toEqual(bought);
    expect((await table.store.touchpoints(first.customer.id, 10, null, null)).nodes).toHaveLength(1);
    expect(await table.store.journey(first.customer.id)).toHaveLength(2);
  });

  it('refuses the same key with other content as CONFLICT', async () => {
    await createCustomer(table.services, aMarketer, aNewCustomer({ externalId: 'a', idempotencyKey: 'k' }));
    await expect(
      createCustomer(table.services, aMarketer, aNewCustomer({ externalId: 'b', idempotencyKey: 'k' })),
    ).rejects.toMatchObject({ code: 'CONFLICT', field: 'input.idempotencyKey' });
    expect((await counts())['PROSPECT']).toBe(1);
  });

  it('answers a retried move with its first result even though the move is no longer allowed', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    const move = aMove(customer.id, 'ONBOARDING', { idempotencyKey: 'mv' });
    const first = await advanceCustomer(table.services, anAdmin, move);
    expect(await advanceCustomer(table.services, anAdmin, move)).toEqual(first);
    expect(await table.store.journey(customer.id)).toHaveLength(2);
  });

  it('keeps keys for 24 hours: after that the key is free again', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    const tp = aTouchpoint(customer.id, { idempotencyKey: 'daily', note: 'first' });
    await recordTouchpoint(table.services, anAdmin, tp);
    table.clock.advance(24 * 3600_000 - 1000);
    await expect(recordTouchpoint(table.services, anAdmin, { ...tp, note: 'other' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    table.clock.advance(2000);
    // DynamoDB Local never runs TTL; the record is still stored but expired, and must not hold the key.
    const reused = await recordTouchpoint(table.services, anAdmin, { ...tp, note: 'other' });
    expect(reused.touchpoint.note).toBe('other');
    expect((await table.store.touchpoints(customer.id, 10, null, null)).nodes).toHaveLength(2);
  });
});

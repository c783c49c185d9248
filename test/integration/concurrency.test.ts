import { advanceCustomer } from '../../src/app/advanceCustomer';
import { createCustomer } from '../../src/app/createCustomer';
import { recordTouchpoint } from '../../src/app/recordTouchpoints';
import { DEFAULT_MAP } from '../../src/domain/defaultMap';
import { allowedMoves } from '../../src/domain/map';
import type { Customer } from '../../src/domain/records';
import { applyMove } from '../../src/domain/moves';
import { aMarketer, aMove, aNewCustomer, aTouchpoint, anAdmin } from '../support/builders';
import { freshTable, type TestTable } from '../support/dynamodb';

let table: TestTable;
beforeEach(async () => {
  table = await freshTable();
});

const STAGES = DEFAULT_MAP.stages.map((s) => s.key);

async function allTouchpoints(customerId: string) {
  const all = [];
  let after: string | null = null;
  do {
    const page = await table.store.touchpoints(customerId, 100, after, null);
    all.push(...page.nodes.map((n) => n.node));
    after = page.hasNextPage ? (page.nodes.at(-1)?.cursor ?? null) : null;
  } while (after);
  return all;
}

async function listStage(stage: string): Promise<Customer[]> {
  const all: Customer[] = [];
  let after: string | null = null;
  do {
    const page = await table.store.customersInStages('default', [stage], 100, after);
    all.push(...page.nodes.map((n) => n.node));
    after = page.hasNextPage ? (page.nodes.at(-1)?.cursor ?? null) : null;
  } while (after);
  return all;
}

/** Each stage's counter equals the customers the stage index lists, and every customer is listed once. */
async function expectCountsToMatchListings(expectedTotal: number) {
  const counts = await table.store.stageCounts('default', STAGES);
  const ids = new Set<string>();
  for (const stage of STAGES) {
    const listed = await listStage(stage);
    expect({ stage, count: counts.get(stage) }).toEqual({ stage, count: listed.length });
    for (const customer of listed) {
      expect(customer.stage).toBe(stage);
      ids.add(customer.id);
    }
  }
  expect(ids.size).toBe(expectedTotal);
}

describe('under concurrency', () => {
  it('keeps every one of 300 touchpoints sent at once to one customer, each twice, writing each key once', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ONBOARDING'));
    await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ACTIVE'));
    const base = table.clock.now().getTime() - 6 * 60 * 60_000;
    const requests = Array.from({ length: 300 }, (_, i) =>
      aTouchpoint(customer.id, {
        kind: i % 3 === 0 ? 'FEEDBACK' : 'SERVICE_DELIVERY',
        score: i % 3 === 0 ? 6 + (i % 5) : null,
        occurredAt: new Date(base + i * 60_000).toISOString(),
        revenue: 1,
        idempotencyKey: `tp-${i}`,
      }),
    );
    // A marketing tool sends the whole burst at once, and each request twice, as on a timeout. Touchpoints that fire
    // no rule do not write the customer item, so none of them waits for or retries another: no CONFLICT at all.
    const results = await Promise.all(
      requests.map(async (request) => {
        const twice = await Promise.all([
          recordTouchpoint(table.services, anAdmin, request),
          recordTouchpoint(table.services, anAdmin, { ...request }),
        ]);
        expect(twice[0]).toEqual(twice[1]);
        return twice[0];
      }),
    );
    const stored = await allTouchpoints(customer.id);
    expect(stored).toHaveLength(300);
    expect(new Set(results.map((r) => r.touchpoint.id)).size).toBe(300);
    const latestScored = requests.filter((r) => r.score !== null).at(-1);
    expect((await table.store.latestScore(customer.id))?.score).toBe(latestScored?.score);
    expect((await table.store.getCustomer(customer.id, true))?.stage).toBe('ACTIVE');
    await table.project();
    expect((await table.store.getCustomer(customer.id, true))?.lifetimeRevenue).toBe(300);
  }, 180_000); // 600 requests at once: a generous bound for a 2-core machine that is busy with other work.

  it('applies racing moves of one customer one at a time, each allowed from where it landed', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ONBOARDING'));
    await advanceCustomer(table.services, anAdmin, aMove(customer.id, 'ACTIVE'));
    const targets = ['LOYAL', 'AT_RISK', 'ACTIVE', 'ADVOCATE', 'LOYAL', 'AT_RISK'];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        advanceCustomer(table.services, anAdmin, aMove(customer.id, targets[i % targets.length] as string)),
      ),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'INVALID_MOVE' });
    }
    const applied = outcomes.filter((o) => o.status === 'fulfilled').length;
    const journey = await table.store.journey(customer.id);
    expect(journey).toHaveLength(3 + applied);
    journey.forEach((transition, i) => {
      expect(transition.version).toBe(i + 1);
      if (i > 0) {
        const previous = journey[i - 1];
        expect(transition.from).toBe(previous?.to);
        expect(allowedMoves(DEFAULT_MAP, transition.from as string)).toContain(transition.to);
      }
    });
    const final = await table.store.getCustomer(customer.id, true);
    expect(final).toMatchObject({ version: journey.length, stage: journey.at(-1)?.to });
    await expectCountsToMatchListings(1);
  });

  it('keeps stage counts equal to the listings after parallel creates and moves across stages', async () => {
    const created = await Promise.all(
      Array.from({ length: 60 }, () => createCustomer(table.services, aMarketer, aNewCustomer())),
    );
    const paths = [[], ['ONBOARDING'], ['ONBOARDING', 'ACTIVE'], ['ONBOARDING', 'ACTIVE', 'LOYAL'], ['ONBOARDING', 'AT_RISK']];
    await Promise.all(
      created.map(async ({ customer }, i) => {
        for (const stage of paths[i % paths.length] as string[]) {
          await advanceCustomer(table.services, anAdmin, aMove(customer.id, stage));
        }
      }),
    );
    await expectCountsToMatchListings(60);
    const counts = await table.store.stageCounts('default', STAGES);
    expect(Object.fromEntries(counts)).toMatchObject({ PROSPECT: 12, ONBOARDING: 12, ACTIVE: 12, LOYAL: 12, AT_RISK: 12 });
  });

  it('writes a move all or nothing: a refused part leaves stage, journey and counts as they were', async () => {
    const { customer } = await createCustomer(table.services, aMarketer, aNewCustomer());
    const { after, transition } = applyMove(DEFAULT_MAP, customer, {
      transitionId: 'trn_x',
      to: 'ONBOARDING',
      at: table.clock.now().toISOString(),
      team: 'MARKETING',
      reason: null,
      touchpointId: null,
      automatic: false,
      recordedBy: 'test',
      ruleId: null,
    });
    // The transition for version 1 already exists, so its put fails after the customer update was staged.
    const clash = { ...transition, version: 1 };
    const outcomes = await table.store.commit(
      [{ map: DEFAULT_MAP, before: customer, after, transitions: [clash], touchpoints: [], resolutions: [], idempotency: [] }],
      table.clock.now(),
    );
    expect(outcomes).toEqual([{ status: 'stale' }]);
    expect(await table.store.getCustomer(customer.id, true)).toEqual(customer);
    expect(await table.store.journey(customer.id)).toHaveLength(1);
    expect(Object.fromEntries(await table.store.stageCounts('default', STAGES))).toMatchObject({ PROSPECT: 1, ONBOARDING: 0 });
  });
});

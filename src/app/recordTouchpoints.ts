import { requireCanActAs, type Caller } from '../domain/access';
import { DEFAULT_MAP_ID } from '../domain/defaultMap';
import { DomainError, badInput, conflict, notFound } from '../domain/errors';
import type { LifecycleMap } from '../domain/map';
import type { Customer, LatestScore, Touchpoint, Transition } from '../domain/records';
import { needsLatestScore } from '../domain/rules';
import { planTouchpoints, type TouchpointDraft, type TouchpointPlan } from '../domain/touchpointPlan';
import {
  LIMITS,
  campaignName,
  occurredAt as validOccurredAt,
  optionalAmount,
  optionalIdempotencyKey,
  optionalLine,
  optionalScore,
  optionalText,
} from '../domain/validation';
import type { Channel, Team, TouchpointKind } from '../domain/vocabulary';
import type { CustomerChange } from '../store/lifecycleStore';
import { claimOf, recordOf, replay, replayIfRecorded, type IdempotencyClaim } from './idempotency';
import { pauseBeforeRetry, tooManyWriters } from './retry';
import type { Services } from './services';

export interface RecordTouchpointRequest {
  /** Who the touchpoint is with: our customer id, or the client's own externalId (with mapId): exactly one. */
  customerId?: string | null;
  externalId?: string | null;
  /** The map an externalId belongs to; the default map when omitted. */
  mapId?: string | null;
  team: Team;
  channel: Channel;
  kind: TouchpointKind;
  occurredAt?: string | null;
  score?: number | null;
  note?: string | null;
  revenue?: number | null;
  cost?: number | null;
  /** The id of an open COMPLAINT of the same customer that this touchpoint resolves. */
  resolves?: string | null;
  /** The campaign a CAMPAIGN touchpoint belongs to (required for that kind). */
  campaign?: string | null;
  idempotencyKey?: string | null;
  /** Check and plan only, writing nothing (a single touchpoint; a batch says so for all its items). */
  dryRun?: boolean | null;
}

export interface RecordTouchpointResult {
  touchpoint: Touchpoint;
  customer: Customer;
  /** The move a rule made because of this touchpoint, if any. */
  transition: Transition | null;
}

/** One item's answer: its result, or the refusal that it alone met. */
export type TouchpointOutcome = { index: number } & ({ ok: true; result: RecordTouchpointResult } | { ok: false; error: DomainError });

export const MAX_BATCH_ITEMS = 100;
const OPERATION = 'recordTouchpoint';

/** A validated item: its draft, its customer (by id or external id) and its idempotency claim. */
interface Item {
  draft: TouchpointDraft;
  customerId: string | null;
  external: { mapId: string; externalId: string } | null;
  claim: IdempotencyClaim | null;
}

/** Records one touchpoint: a batch of one, whose refusal is the mutation's error. */
export async function recordTouchpoint(services: Services, caller: Caller, request: RecordTouchpointRequest): Promise<RecordTouchpointResult> {
  const [outcome] = await record(services, caller, [{ request, field: 'input' }], null, request.dryRun === true);
  if (!outcome) throw new Error('A batch of one answered nothing');
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

/**
 * Records up to 100 touchpoints, each succeeding or failing alone, in input order per customer. Each customer's
 * touchpoints are planned together and the changes of all customers are written in as few transactions as DynamoDB
 * allows; a customer changed underneath is read and planned again until the request's deadline.
 */
export async function recordTouchpoints(
  services: Services,
  caller: Caller,
  request: { mapId?: string | null; items: RecordTouchpointRequest[]; dryRun?: boolean | null },
): Promise<TouchpointOutcome[]> {
  if (request.items.length === 0 || request.items.length > MAX_BATCH_ITEMS) {
    throw badInput('input.items', `input.items must hold 1 to ${MAX_BATCH_ITEMS} touchpoints`);
  }
  const mapId = optionalLine('input.mapId', request.mapId, LIMITS.externalId);
  const dryRunItem = request.items.findIndex((item) => item.dryRun !== null && item.dryRun !== undefined);
  if (dryRunItem >= 0) throw badInput(`input.items[${dryRunItem}].dryRun`, 'A batch is a dry run as a whole: give input.dryRun');
  const items = request.items.map((item, i) => ({ request: item, field: `input.items[${i}]` }));
  return record(services, caller, items, mapId, request.dryRun === true);
}

async function record(
  services: Services,
  caller: Caller,
  requests: { request: RecordTouchpointRequest; field: string }[],
  batchMapId: string | null,
  dryRun: boolean,
): Promise<TouchpointOutcome[]> {
  const now = services.clock();
  const outcomes = new Map<number, TouchpointOutcome>();
  const fail = (index: number, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    outcomes.set(index, { index, ok: false, error });
  };

  const items: Item[] = [];
  requests.forEach(({ request, field }, index) => {
    try {
      items.push(validate(caller, request, field, index, batchMapId, now));
    } catch (error) {
      fail(index, error);
    }
  });

  // A key sent twice in one request is one write: the first carries it, the others answer as it does.
  const leaders = new Map<string, Item>();
  const followers: { item: Item; leader: Item }[] = [];
  const writing: Item[] = [];
  for (const item of items) {
    const leader = item.claim && leaders.get(item.claim.key);
    if (leader) {
      followers.push({ item, leader });
    } else {
      if (item.claim) leaders.set(item.claim.key, item);
      writing.push(item);
    }
  }

  const byCustomer = await resolveCustomers(services, writing, fail);
  await writeRounds(services, caller, byCustomer, now, outcomes, fail, dryRun);

  for (const { item, leader } of followers) {
    const first = outcomes.get(leader.draft.index);
    if (!first) continue;
    if (item.claim?.requestHash === leader.claim?.requestHash) outcomes.set(item.draft.index, { ...first, index: item.draft.index });
    else fail(item.draft.index, conflict('This idempotency key was used with a different request', `${item.draft.field}.idempotencyKey`));
  }
  // A refused item whose key went through before (a retry of a write that resolved a complaint, say) answers that.
  if (!dryRun) await Promise.all(
    writing.map(async (item) => {
      const outcome = outcomes.get(item.draft.index);
      if (!outcome || outcome.ok || !item.claim) return;
      try {
        const first = await replayIfRecorded<RecordTouchpointResult>(services, item.claim, `${item.draft.field}.idempotencyKey`);
        if (first) outcomes.set(item.draft.index, { index: item.draft.index, ok: true, result: first });
      } catch (error) {
        fail(item.draft.index, error);
      }
    }),
  );
  return requests.map((_, index) => outcomes.get(index) ?? { index, ok: false, error: tooManyWriters() });
}

function validate(
  caller: Caller,
  request: RecordTouchpointRequest,
  field: string,
  index: number,
  batchMapId: string | null,
  now: Date,
): Item {
  requireCanActAs(caller, request.team, `${field}.team`);
  const customerId = optionalLine(`${field}.customerId`, request.customerId, LIMITS.externalId);
  const externalId = optionalLine(`${field}.externalId`, request.externalId, LIMITS.externalId);
  const mapId = optionalLine(`${field}.mapId`, request.mapId, LIMITS.externalId) ?? batchMapId ?? DEFAULT_MAP_ID;
  if (customerId !== null && externalId !== null) {
    throw badInput(`${field}.externalId`, `Give ${field}.customerId or ${field}.externalId, not both`);
  }
  if (customerId === null && externalId === null) {
    throw badInput(`${field}.customerId`, `${field}.customerId or ${field}.externalId is required`);
  }
  const draft: TouchpointDraft = {
    index,
    field,
    team: request.team,
    channel: request.channel,
    kind: request.kind,
    occurredAt: validOccurredAt(`${field}.occurredAt`, request.occurredAt, now),
    score: optionalScore(`${field}.score`, request.score),
    note: optionalText(`${field}.note`, request.note, LIMITS.note),
    revenue: optionalAmount(`${field}.revenue`, request.revenue),
    cost: optionalAmount(`${field}.cost`, request.cost),
    resolves: optionalLine(`${field}.resolves`, request.resolves, LIMITS.externalId),
    campaign: campaignName(`${field}.campaign`, request.kind, request.campaign),
  };
  const key = optionalIdempotencyKey(`${field}.idempotencyKey`, request.idempotencyKey);
  const { idempotencyKey: _, dryRun: __, ...content } = request;
  return {
    draft,
    customerId,
    external: externalId === null ? null : { mapId, externalId },
    // The same content under the same key replays, whether it came alone or in a batch.
    claim: claimOf(OPERATION, caller, key, externalId === null ? content : { ...content, mapId }),
  };
}

/** Items by the customer they are for; an external id is looked up in its map, in one batch per map. */
async function resolveCustomers(
  services: Services,
  items: Item[],
  fail: (index: number, error: unknown) => void,
): Promise<Map<string, Item[]>> {
  const byMap = new Map<string, Item[]>();
  for (const item of items) {
    if (item.external) byMap.set(item.external.mapId, [...(byMap.get(item.external.mapId) ?? []), item]);
  }
  const owners = new Map<string, Map<string, string>>();
  await Promise.all(
    [...byMap].map(async ([mapId, mapItems]) => {
      owners.set(mapId, await services.store.customerIdsByExternalId(mapId, mapItems.map((item) => (item.external as { externalId: string }).externalId)));
    }),
  );
  const byCustomer = new Map<string, Item[]>();
  for (const item of items) {
    const customerId = item.customerId ?? owners.get(item.external?.mapId ?? '')?.get(item.external?.externalId ?? '');
    if (customerId === undefined) {
      fail(item.draft.index, notFound('The customer with this externalId', `${item.draft.field}.externalId`));
      continue;
    }
    byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), item]);
  }
  return byCustomer;
}

/** Plans of one round: one change per customer, and which items each change carries. */
interface Planned {
  customerId: string;
  items: Item[];
  plan: TouchpointPlan;
  change: CustomerChange;
}

/** A transaction's item limit, less the customer's own update and the map's guard. */
const ITEMS_PER_CHANGE = 98;

async function writeRounds(
  services: Services,
  caller: Caller,
  byCustomer: Map<string, Item[]>,
  now: Date,
  outcomes: Map<number, TouchpointOutcome>,
  fail: (index: number, error: unknown) => void,
  dryRun: boolean,
): Promise<void> {
  const pending = new Map(byCustomer);
  if (dryRun) {
    // The same reads and plans, each customer's items in one plan; nothing is committed.
    for (const { plan } of await planRound(services, caller, pending, new Map(), now, fail, Infinity)) {
      for (const recorded of plan.recorded) outcomes.set(recorded.index, { index: recorded.index, ok: true, result: resultOf(recorded) });
    }
    return;
  }
  for (let round = 0; pending.size > 0; round++) {
    if (round > 0 && !(await pauseBeforeRetry(round))) break;
    // Maps are read again each round, with the customers: a round after a map update plans on its new version.
    const planned = await planRound(services, caller, pending, new Map<string, LifecycleMap>(), now, fail, ITEMS_PER_CHANGE);
    const results = await services.store.commit(
      planned.map((p) => p.change),
      now,
    );
    planned.forEach(({ customerId, items, plan }, i) => {
      const outcome = results[i] ?? { status: 'stale' };
      const left = pending.get(customerId) ?? [];
      if (outcome.status === 'committed') {
        for (const recorded of plan.recorded) {
          outcomes.set(recorded.index, { index: recorded.index, ok: true, result: resultOf(recorded) });
        }
        const done = new Set(items.map((item) => item.draft.index));
        const rest = left.filter((item) => !done.has(item.draft.index));
        if (rest.length > 0) pending.set(customerId, rest);
        else pending.delete(customerId);
      } else if (outcome.status === 'replay') {
        // That key's first request went through: it answers; the customer's other items are planned again.
        const answered = items.find((item) => item.claim?.key === outcome.record.key);
        if (answered) {
          try {
            outcomes.set(answered.draft.index, {
              index: answered.draft.index,
              ok: true,
              result: replay<RecordTouchpointResult>(outcome.record, answered.claim as IdempotencyClaim, `${answered.draft.field}.idempotencyKey`),
            });
          } catch (error) {
            fail(answered.draft.index, error);
          }
          const rest = left.filter((item) => item !== answered);
          if (rest.length > 0) pending.set(customerId, rest);
          else pending.delete(customerId);
        }
      }
    });
  }
}

function resultOf(recorded: TouchpointPlan['recorded'][number]): RecordTouchpointResult {
  return { touchpoint: recorded.touchpoint, customer: recorded.customer, transition: recorded.transition };
}

/**
 * Reads what this round's plans need (customers and their maps in one consistent batch; latest scores and resolved
 * complaints only where a draft needs them) and plans each customer's next items.
 */
async function planRound(
  services: Services,
  caller: Caller,
  pending: Map<string, Item[]>,
  maps: Map<string, LifecycleMap>,
  now: Date,
  fail: (index: number, error: unknown) => void,
  itemsPerChange: number,
): Promise<Planned[]> {
  const chunks = pending;
  const expectedMaps = new Set([...chunks.values()].flat().map((item) => item.external?.mapId ?? DEFAULT_MAP_ID));
  const read = await services.store.readForWrite([...chunks.keys()], [...expectedMaps].filter((id) => !maps.has(id)));
  for (const [id, map] of read.maps) maps.set(id, map);
  const missingMaps = new Set([...read.customers.values()].map((customer) => customer.mapId).filter((id) => !maps.has(id)));
  await Promise.all([...missingMaps].map(async (id) => {
    const map = await services.store.getMap(id, true);
    if (map) maps.set(id, map);
  }));

  const planned: Planned[] = [];
  await Promise.all(
    [...chunks].map(async ([customerId, items]) => {
      const customer = read.customers.get(customerId);
      const map = customer && maps.get(customer.mapId);
      if (!customer || !map || items.some((item) => item.external !== null && item.external.mapId !== customer.mapId)) {
        for (const item of items) {
          const field = item.external ? `${item.draft.field}.externalId` : `${item.draft.field}.customerId`;
          fail(item.draft.index, notFound('The customer', field));
        }
        pending.delete(customerId);
        return;
      }
      const drafts = items.map((item) => item.draft);
      const [latestScore, complaints] = await Promise.all([
        drafts.some((draft) => needsLatestScore(map, draft)) ? services.store.latestScore(customerId) : Promise.resolve<LatestScore | null>(null),
        readComplaints(services, customerId, drafts),
      ]);
      const whole = planTouchpoints({ map, customer, latestScore, complaints }, drafts, {
        now,
        recordedBy: caller.sub,
        newId: services.newId,
      });
      const claims = new Map(items.map((item) => [item.draft.index, item.claim]));
      const plan = prefixThatFits(whole, claims, itemsPerChange - map.stages.length);
      const last = plan.recorded.at(-1)?.index ?? Infinity;
      // Refusals after the part that fits were planned on items not written yet: they are planned again next round.
      const refused = plan.refused.filter((refusal) => refusal.index < last || plan.recorded.length === whole.recorded.length);
      for (const refusal of refused) fail(refusal.index, refusal.error);
      const refusedIndexes = new Set(refused.map((refusal) => refusal.index));
      if (refusedIndexes.size > 0) pending.set(customerId, (pending.get(customerId) ?? []).filter((item) => !refusedIndexes.has(item.draft.index)));
      if (pending.get(customerId)?.length === 0) pending.delete(customerId);
      if (plan.recorded.length === 0) return;
      const recordedIndexes = new Set(plan.recorded.map((recorded) => recorded.index));
      planned.push({
        customerId,
        items: items.filter((item) => recordedIndexes.has(item.draft.index)),
        plan,
        change: {
          map,
          before: customer,
          after: plan.after,
          transitions: plan.recorded.flatMap((recorded) => (recorded.transition ? [recorded.transition] : [])),
          touchpoints: plan.recorded.map((recorded) => recorded.touchpoint),
          resolutions: plan.resolutions,
          idempotency: plan.recorded.flatMap((recorded) => {
            const claim = claims.get(recorded.index);
            return claim ? [recordOf(services, claim, resultOf(recorded), now)] : [];
          }),
        },
      });
    }),
  );
  return planned;
}

/**
 * The longest first part of a customer's plan whose writes fit one transaction: a plan's first part is the plan of
 * its first items, so the rest can be planned again, next round, on what this part leaves.
 */
function prefixThatFits(plan: TouchpointPlan, claims: Map<number, IdempotencyClaim | null>, budget: number): TouchpointPlan {
  let used = 0;
  let fits = 0;
  for (const recorded of plan.recorded) {
    const { touchpoint, transition } = recorded;
    const items = 1 + (touchpoint.score !== null ? 1 : 0) + (claims.get(recorded.index) ? 1 : 0) + (transition ? 1 : 0) + (touchpoint.resolvesId ? 1 : 0);
    if (used + items > budget) break;
    used += items;
    fits++;
  }
  if (fits === plan.recorded.length) return plan;
  const recorded = plan.recorded.slice(0, fits);
  const ids = new Set(recorded.map((entry) => entry.touchpoint.id));
  return {
    ...plan,
    recorded,
    after: recorded.at(-1)?.customer ?? plan.before,
    resolutions: plan.resolutions.filter((resolution) => ids.has(resolution.resolvedById)),
  };
}

async function readComplaints(services: Services, customerId: string, drafts: TouchpointDraft[]): Promise<Map<string, Touchpoint | null>> {
  const ids = [...new Set(drafts.flatMap((draft) => (draft.resolves === null ? [] : [draft.resolves])))];
  const found = await Promise.all(ids.map((id) => services.store.getTouchpoint(customerId, id)));
  return new Map(ids.map((id, i) => [id, found[i] ?? null]));
}

import { mergeContributions, touchpointContribution, transitionContribution, type Contribution } from '../domain/insights';
import type { LifecycleMap } from '../domain/map';
import type { Touchpoint, Transition } from '../domain/records';
import { relatedContributions } from '../domain/relatedContributions';
import { relatedFactsFrom, relatesToOthers, stageBefore } from '../domain/relatedFacts';
import { sleep, timeLeftFor } from '../store/deadline';
import { touchpointKey, transitionKey } from '../store/keys';
import { touchpointFromItem, transitionFromItem, type Item } from '../store/items';
import type { LifecycleStore } from '../store/lifecycleStore';
import { ITEMS_PER_STEP, type CustomerFacts, type FactRef, type ProjectionState, type ProjectionStore } from '../store/projection';

/** A fact as the stream delivers it: a new touchpoint or transition, waiting to be counted into the insights. */
export type Fact = { kind: 'touchpoint'; touchpoint: Touchpoint } | { kind: 'transition'; transition: Transition };

export interface ProjectorServices {
  store: LifecycleStore;
  projection: ProjectionStore;
  /** Maps by id; the projector may cache them (a map's settings decide how a fact counts). */
  loadMap: (mapId: string) => Promise<LifecycleMap | null>;
}

/** The fact a stored item (a stream record's new image) stands for, if it waits for the projector. */
export function factOfItem(item: Item): Fact | null {
  if (item['gsi6pk'] === undefined) return null;
  if (item['type'] === 'Touchpoint') return { kind: 'touchpoint', touchpoint: touchpointFromItem(item) };
  if (item['type'] === 'Transition') return { kind: 'transition', transition: transitionFromItem(item) };
  return null;
}

const recordOf = (fact: Fact) => (fact.kind === 'touchpoint' ? fact.touchpoint : fact.transition);

function refOf(fact: Fact): FactRef {
  if (fact.kind === 'touchpoint') {
    const { id, customerId, mapId } = fact.touchpoint;
    return { id, customerId, mapId, key: touchpointKey(customerId, id) };
  }
  const { id, customerId, mapId, version } = fact.transition;
  return { id, customerId, mapId, key: transitionKey(customerId, version) };
}

/**
 * Counts facts of one customer into the insight counters, exactly once each. They are counted in turn, each against
 * every fact of the customer counted before it, whatever order they arrive in: the customer's facts are read once,
 * the contributions worked out in memory, and as many facts as fit go in one transaction that holds the customer's
 * projection lock at the version read and requires each fact still unprojected. A stream record delivered twice, or
 * a batch retried after a crash, is skipped as counted; a fact a crashed projector left half counted is finished.
 */
export async function projectCustomerFacts(services: ProjectorServices, customerId: string, facts: Fact[] | 'all'): Promise<void> {
  const wanted = facts === 'all' ? null : new Set(facts.map((fact) => recordOf(fact).id));
  for (let attempt = 0; ; attempt++) {
    const [state, stored] = await Promise.all([services.projection.state(customerId), services.projection.customerFacts(customerId)]);
    const waiting = uncounted(stored).filter(
      (fact) => wanted === null || wanted.has(recordOf(fact).id) || state.partial?.fact.id === recordOf(fact).id,
    );
    if (waiting.length === 0) return;
    const outcome = await countNext(services, customerId, state, stored, waiting);
    if (outcome === 'committed') {
      attempt = -1;
      continue;
    }
    const pause = Math.random() * Math.min(200, 5 * 2 ** attempt);
    if (!timeLeftFor(pause + 200)) throw new Error(`Counting the facts of ${customerId} kept racing another projector`);
    await sleep(pause);
  }
}

/** The customer's facts not counted yet, touchpoints and transitions, in the order they were recorded. */
function uncounted(stored: CustomerFacts): Fact[] {
  const facts: (Fact & { recordedAt: string })[] = [
    ...stored.touchpoints
      .filter(({ counted }) => !counted)
      .map(({ touchpoint }) => ({ kind: 'touchpoint' as const, touchpoint, recordedAt: touchpoint.recordedAt })),
    ...stored.transitions
      .filter(({ counted }) => !counted)
      .map(({ transition }) => ({ kind: 'transition' as const, transition, recordedAt: transition.at })),
  ];
  return facts.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
}

/** Counts the next group of waiting facts (or finishes a half-counted one): one transaction, or one chunk of one. */
async function countNext(
  services: ProjectorServices,
  customerId: string,
  state: ProjectionState,
  stored: CustomerFacts,
  waiting: Fact[],
): Promise<'committed' | 'stale'> {
  const partial = state.partial ? waiting.find((fact) => recordOf(fact).id === state.partial?.fact.id) : undefined;
  const ordered = partial ? [partial, ...waiting.filter((fact) => fact !== partial)] : waiting;
  const mapId = recordOf(ordered[0] as Fact).mapId;
  const map = await services.loadMap(mapId);
  if (!map) throw new Error(`Map ${mapId} of customer ${customerId} is missing`);
  const counted = stored.touchpoints.filter((entry) => entry.counted).map((entry) => entry.touchpoint);
  const journey = stored.transitions.map((entry) => entry.transition);

  const group: Fact[] = [];
  let contributions: Contribution[] = [];
  let revenueAdded = 0;
  for (const fact of ordered) {
    const adds = contributionsOf(map, fact, counted, journey);
    const merged = mergeContributions([...contributions, ...adds]);
    if (group.length > 0 && merged.length + group.length + 1 > ITEMS_PER_STEP) break;
    group.push(fact);
    contributions = merged;
    if (fact.kind === 'touchpoint') {
      counted.push(fact.touchpoint);
      revenueAdded += fact.touchpoint.revenue ?? 0;
    }
    // A fact being finished, or one too large for a transaction of its own, goes alone, in chunks.
    if (fact === partial || merged.length + 1 > ITEMS_PER_STEP) break;
  }

  const chunkSize = ITEMS_PER_STEP - group.length;
  const chunks = Math.max(1, Math.ceil(contributions.length / chunkSize));
  const first = partial && group[0] === partial ? (state.partial?.chunksDone ?? 0) : 0;
  let current = state;
  for (let chunk = first; chunk < chunks; chunk++) {
    const facts = group.map(refOf);
    const outcome = await services.projection.commit({
      customerId,
      mapId,
      facts,
      state: current,
      insights: contributions.slice(chunk * chunkSize, (chunk + 1) * chunkSize),
      chunk,
      chunks,
      revenueAdded,
    });
    if (outcome !== 'committed') return outcome;
    current = { version: current.version, partial: { fact: facts[0] as FactRef, chunksDone: chunk + 1 } };
  }
  return 'committed';
}

/** What a fact adds to the counters, counted against the customer's counted touchpoints and its journey. */
function contributionsOf(map: LifecycleMap, fact: Fact, counted: Touchpoint[], journey: Transition[]): Contribution[] {
  if (fact.kind === 'transition') return [transitionContribution(map, fact.transition)];
  const touchpoint = fact.touchpoint;
  // Cost counts as acquisition or retention by where the customer stood when it happened, before any move the
  // touchpoint itself made; campaigns and purchases ask whether the customer was a prospect then.
  const contribution = touchpointContribution(map, stageBefore(map, journey, touchpoint), touchpoint);
  return [
    ...(contribution ? [contribution] : []),
    ...(relatesToOthers(touchpoint) ? relatedContributions(map, touchpoint, relatedFactsFrom(map, touchpoint, counted, journey)) : []),
  ];
}

/** A stream record as the projector sees it: its place in the shard and the new item it carries. */
export interface StreamFact {
  sequenceNumber: string;
  item: Item;
}

/**
 * Counts a batch of stream records: different customers side by side, each customer's facts together. Answers the
 * sequence numbers of the records it could not count (Lambda retries from the lowest; facts counted meanwhile are
 * then skipped).
 */
export async function projectBatch(
  services: ProjectorServices,
  records: StreamFact[],
  onError: (error: unknown, records: StreamFact[]) => void,
): Promise<string[]> {
  const byCustomer = new Map<string, { records: StreamFact[]; facts: Fact[] }>();
  for (const record of records) {
    const fact = factOfItem(record.item);
    if (!fact) continue;
    const customerId = recordOf(fact).customerId;
    const entry = byCustomer.get(customerId) ?? { records: [], facts: [] };
    entry.records.push(record);
    entry.facts.push(fact);
    byCustomer.set(customerId, entry);
  }
  const failed: string[] = [];
  const queue = [...byCustomer];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [customerId, { records: customerRecords, facts }] = next;
      try {
        await projectCustomerFacts(services, customerId, facts);
      } catch (error) {
        onError(error, customerRecords);
        failed.push(...customerRecords.map((record) => record.sequenceNumber));
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_CUSTOMERS }, worker));
  return failed;
}

/** Customers counted side by side in one batch: enough to overlap DynamoDB's latency, few enough to stay gentle. */
const PARALLEL_CUSTOMERS = 8;

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleep, timeLeftFor } from './deadline';
import { liveRecord, type IdempotencyRecord } from './refusals';
import { TransactionRefused, transact, type LabelledWrite, type Refusal } from './transact';
import { changeWrites, counterWrites, guardLabel, guardWrites, type ChangeWrites, type CustomerChange } from './writes';

/** How a change fared: written, or why not, so the use case can answer or plan it again. */
export type ChangeOutcome =
  | { status: 'committed' }
  /** One of its idempotency keys was used before: that record answers the item; plan the rest again. */
  | { status: 'replay'; record: IdempotencyRecord }
  /** A new customer's external id is held by another customer of the map. */
  | { status: 'externalIdTaken'; customerId: string }
  /** What it was planned on (the customer, the map's version) changed, or it raced another writer: plan again. */
  | { status: 'stale' };

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

export interface Pack {
  /** Indexes of the changes it carries, in order. */
  changes: number[];
  items: number;
}

/** How many items a set of changes' writes take in one transaction, counter shards and map guards merged. */
function itemCount(built: ChangeWrites[]): number {
  const counters = new Set(built.flatMap(({ counters }) => counters.map(({ key }) => `${key.pk}|${key.sk}`)));
  const guards = new Set(built.map(({ guard }) => guardLabel(guard)));
  return built.reduce((sum, { writes }) => sum + writes.length, 0) + counters.size + guards.size;
}

/** Puts changes into as few transactions as DynamoDB's item limit allows, keeping their order. Pure. */
export function packChanges(built: ChangeWrites[]): Pack[] {
  const packs: Pack[] = [];
  let current: number[] = [];
  built.forEach((change, index) => {
    if (itemCount([change]) > MAX_TRANSACTION_ITEMS) throw new Error(`Change ${index} alone exceeds a transaction`);
    if (current.length > 0 && itemCount([...current, index].map((i) => built[i] as ChangeWrites)) > MAX_TRANSACTION_ITEMS) {
      packs.push({ changes: current, items: itemCount(current.map((i) => built[i] as ChangeWrites)) });
      current = [];
    }
    current.push(index);
  });
  if (current.length > 0) packs.push({ changes: current, items: itemCount(current.map((i) => built[i] as ChangeWrites)) });
  return packs;
}

/** What a refused change's refusals mean: an idempotency record answers, an external id is taken, or it is stale. */
export function explainRefusals(refusals: Refusal[], now: Date): ChangeOutcome {
  for (const refusal of refusals) {
    const record = refusal.label.startsWith('idempotency:') && refusal.item ? liveRecord(refusal.item, now) : null;
    if (record) return { status: 'replay', record };
  }
  const owner = refusals.find((refusal) => refusal.label === 'externalId')?.item;
  if (owner) return { status: 'externalIdTaken', customerId: owner['customerId'] as string };
  return { status: 'stale' };
}

/**
 * Writes changes of different customers in as few transactions as the limits allow. A transaction that is refused
 * wrote nothing: the changes whose conditions failed are taken out (their outcome says why) and the others are sent
 * again straight away, so one stale customer never holds back the rest of a batch.
 */
export async function commitChanges(
  client: DynamoDBDocumentClient,
  tableName: string,
  changes: CustomerChange[],
  now: Date,
): Promise<ChangeOutcome[]> {
  const built = changes.map((change) => changeWrites(tableName, change, now));
  const outcomes: ChangeOutcome[] = changes.map(() => ({ status: 'stale' }));
  await Promise.all(
    packChanges(built).map(async (pack) => {
      // A change with nothing to write (every item of it refused) is done as it is.
      let members = pack.changes.filter((member) => {
        const empty = (built[member] as ChangeWrites).writes.length === 0;
        if (empty) outcomes[member] = { status: 'committed' };
        return !empty;
      });
      for (let attempt = 0; members.length > 0; attempt++) {
        const owners: (number | null)[] = [];
        const writes: LabelledWrite[] = [];
        for (const member of members) {
          for (const write of (built[member] as ChangeWrites).writes) {
            writes.push(write);
            owners.push(member);
          }
        }
        for (const write of counterWrites(tableName, members.flatMap((member) => (built[member] as ChangeWrites).counters))) {
          writes.push(write);
          owners.push(null);
        }
        for (const write of guardWrites(tableName, members.map((member) => (built[member] as ChangeWrites).guard))) {
          writes.push(write);
          owners.push(null);
        }
        try {
          await transact(client, writes);
          for (const member of members) outcomes[member] = { status: 'committed' };
          return;
        } catch (error) {
          if (!(error instanceof TransactionRefused)) throw error;
          const failed = new Map<number, Refusal[]>();
          for (const refusal of error.refusals) {
            // The map moved on since these changes were planned: each of them is planned again on the new version.
            if (refusal.label.startsWith('mapGuard:') && refusal.code === 'ConditionalCheckFailed') {
              for (const member of members) {
                if (guardLabel((built[member] as ChangeWrites).guard) === refusal.label) failed.set(member, failed.get(member) ?? []);
              }
              continue;
            }
            const owner = owners[refusal.index];
            if (owner === null || owner === undefined || refusal.code !== 'ConditionalCheckFailed') continue;
            failed.set(owner, [...(failed.get(owner) ?? []), refusal]);
          }
          if (failed.size === 0) {
            // A conflict with another writer, not a failed condition: the same plan may well go through.
            const pause = Math.random() * Math.min(200, 10 * 2 ** attempt);
            if (!timeLeftFor(pause + 500)) return;
            await sleep(pause);
            continue;
          }
          for (const [member, refusals] of failed) outcomes[member] = explainRefusals(refusals, now);
          members = members.filter((member) => !failed.has(member));
        }
      }
    }),
  );
  return outcomes;
}

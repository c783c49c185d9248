import { createHash } from 'node:crypto';
import type { Contribution, Counters } from './insights';

/**
 * Counter names that carry free text (churn reasons, campaign names) name it by a short hash, so a name has a
 * fixed length whatever a client wrote; the text itself is kept once per item, beside its counters, for display.
 * 16 base64url characters are 96 bits: two texts of one map colliding is not a practical concern.
 */
export function textId(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 16);
}

/** DynamoDB refuses an item over 400 KB; an insight item stops taking new names with this much room still left. */
export const INSIGHT_ITEM_LIMIT_BYTES = 400 * 1024;
export const INSIGHT_ITEM_HEADROOM_BYTES = 16 * 1024;

/** The most a number attribute takes (DynamoDB: up to 38 significant digits, at most 21 bytes). */
const NUMBER_BYTES = 21;

/** An item's size as DynamoDB counts it, numbers at their largest: the UTF-8 bytes of each name and string value. */
export function itemBytes(counters: Counters): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(counters)) {
    bytes += Buffer.byteLength(name, 'utf8') + (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : NUMBER_BYTES);
  }
  return bytes;
}

/**
 * Whether adding a contribution's names to an item as it stands would take it past the limit, less headroom: the
 * writer of insight counters refuses the contribution (or spills it to another item) before DynamoDB would refuse
 * every later write of that period. Names the item already holds take no more room.
 */
export function wouldOverflow(item: Counters, contribution: Pick<Contribution, 'add' | 'keepFirst'>, limit = INSIGHT_ITEM_LIMIT_BYTES - INSIGHT_ITEM_HEADROOM_BYTES): boolean {
  const added: Counters = {};
  for (const name of Object.keys(contribution.add)) if (!(name in item)) added[name] = 0;
  for (const [name, text] of Object.entries(contribution.keepFirst)) if (!(name in item)) added[name] = text;
  return itemBytes(item) + itemBytes(added) > limit;
}

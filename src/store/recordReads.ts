import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Touchpoint, Transition } from '../domain/records';
import { batchGet } from './batchGet';
import { touchpointFromItem, transitionFromItem } from './items';
import { touchpointKey, transitionKey } from './keys';

/** A transition by the customer and the version it produced. */
export interface TransitionRef {
  customerId: string;
  version: number;
}

/** A touchpoint by its customer and id. */
export interface TouchpointRef {
  customerId: string;
  touchpointId: string;
}

/** Single records by key, many in one round of BatchGetItem: what the per-request loaders read through. */
export class RecordReads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The transitions found, in no particular order; missing ones are left out. */
  async transitions(refs: readonly TransitionRef[]): Promise<Transition[]> {
    const items = await batchGet(this.client, this.tableName, unique(refs.map((ref) => transitionKey(ref.customerId, ref.version))));
    return items.map(transitionFromItem);
  }

  /** The touchpoints found, in no particular order; missing ones are left out. */
  async touchpoints(refs: readonly TouchpointRef[]): Promise<Touchpoint[]> {
    const items = await batchGet(this.client, this.tableName, unique(refs.map((ref) => touchpointKey(ref.customerId, ref.touchpointId))));
    return items.map(touchpointFromItem);
  }
}

/** BatchGetItem refuses a request that names one key twice. */
function unique<K extends { pk: string; sk: string }>(keys: K[]): K[] {
  return [...new Map(keys.map((key) => [`${key.pk}\n${key.sk}`, key])).values()];
}

import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { profileVersionOf, type Erasure } from '../domain/privacy';
import type { Customer } from '../domain/records';
import type { Item } from './items';
import { TOUCHPOINT_PREFIX, customerKey, customerPartition, externalIdKey, type TableKey } from './keys';
import { TransactionRefused, transact, type LabelledWrite } from './transact';
import { putNew } from './writes';

/** Another customer of the map already holds the external id a correction asked for. */
export class ExternalIdTaken extends Error {
  constructor(readonly customerId: string) {
    super('External id already taken');
    this.name = 'ExternalIdTaken';
  }
}

/** The customer's profile changed (or it was erased) since it was read: read again and plan again. */
export class ProfileChanged extends Error {
  constructor(cause: unknown) {
    super('The customer changed while the correction was prepared', { cause });
    this.name = 'ProfileChanged';
  }
}

/** The record of a customer's erasure, beside the customer in its partition. (To move into keys.ts on merge.) */
export const erasureKey = (customerId: string): TableKey => ({ pk: customerPartition(customerId), sk: 'ERASURE' });

/**
 * The customer's part of a correction or erasure: only if it is still at the profile version read and not erased.
 * `version` (the move lock) is neither read nor written, so moves and corrections never refuse each other.
 */
function profileUpdate(tableName: string, before: Customer, after: Customer, extra: { set?: Record<string, unknown> } = {}): LabelledWrite {
  const values: Record<string, unknown> = {
    ':name': after.name,
    ':externalId': after.externalId,
    ':next': profileVersionOf(after),
    ':read': profileVersionOf(before),
    ...Object.fromEntries(Object.entries(extra.set ?? {}).map(([name, value]) => [`:${name}`, value])),
  };
  const sets = ['#name = :name', 'externalId = :externalId', 'profileVersion = :next', ...Object.keys(extra.set ?? {}).map((name) => `${name} = :${name}`)];
  if (after.email !== null) {
    sets.push('email = :email');
    values[':email'] = after.email;
  }
  // Customers never corrected have no profileVersion: it stands for 1.
  const atRead = profileVersionOf(before) === 1 ? '(attribute_not_exists(profileVersion) OR profileVersion = :read)' : 'profileVersion = :read';
  return {
    label: 'customer',
    write: {
      Update: {
        TableName: tableName,
        Key: customerKey(before.id),
        UpdateExpression: `SET ${sets.join(', ')}${after.email === null ? ' REMOVE email' : ''}`,
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(erasedAt) AND ${atRead}`,
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  };
}

/** Gives up the claim on an external id, only while it is this customer's. */
function releaseExternalId(tableName: string, customer: Customer): LabelledWrite {
  return {
    label: 'releasedExternalId',
    write: {
      Delete: {
        TableName: tableName,
        Key: externalIdKey(customer.mapId, customer.externalId),
        ConditionExpression: 'attribute_not_exists(pk) OR customerId = :id',
        ExpressionAttributeValues: { ':id': customer.id },
      },
    },
  };
}

/** A correction: the customer's new profile and, when its externalId changes, the claim moved to the new one. */
export function correctionWrites(tableName: string, before: Customer, after: Customer): LabelledWrite[] {
  const moved = before.externalId !== after.externalId;
  return [
    profileUpdate(tableName, before, after),
    ...(moved
      ? [
          putNew(tableName, 'externalId', { ...externalIdKey(after.mapId, after.externalId), type: 'ExternalId', customerId: after.id }),
          releaseExternalId(tableName, before),
        ]
      : []),
  ];
}

/** An erasure: the customer's personal data replaced or removed, its external id claim gone, the erasure recorded. */
export function erasureWrites(tableName: string, before: Customer, after: Customer, erasure: Erasure): LabelledWrite[] {
  return [
    profileUpdate(tableName, before, after, { set: { erasedAt: erasure.erasedAt } }),
    releaseExternalId(tableName, before),
    putNew(tableName, 'erasure', { ...erasureKey(erasure.customerId), type: 'Erasure', ...erasure }),
  ];
}

/** A page of a customer's touchpoints that still carry a note: only their keys are read. */
export function notedTouchpointsQuery(tableName: string, customerId: string, startKey: Item | undefined): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: 'attribute_exists(note)',
    ProjectionExpression: 'pk, sk',
    ExpressionAttributeValues: { ':pk': customerPartition(customerId), ':prefix': TOUCHPOINT_PREFIX },
    ConsistentRead: true,
    ExclusiveStartKey: startKey,
  };
}

export function noteRemoval(tableName: string, key: TableKey): UpdateCommandInput {
  return { TableName: tableName, Key: key, UpdateExpression: 'REMOVE note', ConditionExpression: 'attribute_exists(pk)' };
}

/** Corrections and erasures of customers' personal data. Refusals come back as ExternalIdTaken or ProfileChanged. */
export class PrivacyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async correct(before: Customer, after: Customer): Promise<void> {
    await this.write(correctionWrites(this.tableName, before, after));
  }

  async erase(before: Customer, after: Customer, erasure: Erasure): Promise<void> {
    await this.write(erasureWrites(this.tableName, before, after, erasure));
  }

  /** A taken external id is ExternalIdTaken; any other refused condition means what was read changed. */
  private async write(writes: LabelledWrite[]): Promise<void> {
    try {
      await transact(this.client, writes);
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      const owner = error.refusal('externalId')?.item;
      throw owner ? new ExternalIdTaken(owner['customerId'] as string) : new ProfileChanged(error);
    }
  }

  async erasure(customerId: string): Promise<Erasure | null> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: erasureKey(customerId), ConsistentRead: true }));
    return item ? { customerId: item['customerId'] as string, erasedAt: item['erasedAt'] as string, erasedBy: item['erasedBy'] as string, reason: item['reason'] as string } : null;
  }

  /** Removes the note of every touchpoint of the customer, page by page; run again, it finds none left. */
  async removeNotes(customerId: string): Promise<number> {
    let removed = 0;
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(new QueryCommand(notedTouchpointsQuery(this.tableName, customerId, startKey)));
      for (const key of (page.Items ?? []) as TableKey[]) {
        await this.client.send(new UpdateCommand(noteRemoval(this.tableName, { pk: key.pk, sk: key.sk })));
        removed++;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return removed;
  }
}

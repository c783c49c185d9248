import { randomUUID } from 'node:crypto';
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Item } from './items';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** One write of a transaction, named for what it stands for, so a refusal can say which part failed. */
export interface LabelledWrite {
  label: string;
  write: TransactItem;
}

export interface Refusal {
  /** The write's place in the transaction. */
  index: number;
  label: string;
  /** ConditionalCheckFailed, TransactionConflict, ... as DynamoDB reported it. */
  code: string;
  /** The item as it stood, when its condition failed (ReturnValuesOnConditionCheckFailure ALL_OLD). */
  item: Item | undefined;
}

/** A transaction that wrote nothing because one of its conditions failed or it raced another writer. */
export class TransactionRefused extends Error {
  constructor(readonly refusals: Refusal[]) {
    super(`Transaction refused: ${refusals.map((r) => `${r.label} ${r.code}`).join(', ') || 'conflict'}`);
    this.name = 'TransactionRefused';
  }

  /** The refusal of the write with this label, if that write was refused. */
  refusal(label: string): Refusal | undefined {
    return this.refusals.find((refusal) => refusal.label === label);
  }
}

/**
 * Writes all or nothing; a refusal becomes a TransactionRefused whose reasons line up with the labels. The
 * ClientRequestToken makes the SDK's own retry of a transaction that did commit (its answer lost on the way) answer
 * success instead of failing its own conditions: "already exists" for the customer it just created.
 */
export async function transact(client: DynamoDBDocumentClient, writes: LabelledWrite[]): Promise<void> {
  try {
    await client.send(
      new TransactWriteCommand({ TransactItems: writes.map((w) => w.write), ClientRequestToken: randomUUID() }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      const refusals = writes.flatMap((w, i): Refusal[] => {
        const reason = reasons[i];
        if (!reason?.Code || reason.Code === 'None') return [];
        return [{ index: i, label: w.label, code: reason.Code, item: reason.Item ? unmarshall(reason.Item) : undefined }];
      });
      throw new TransactionRefused(refusals);
    }
    if (error instanceof TransactionConflictException) throw new TransactionRefused([]);
    throw error;
  }
}

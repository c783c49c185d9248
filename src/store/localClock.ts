import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';

/**
 * LOCAL ONLY. The local clock's offset is one item of the table, so every process of the local stack (the Lambda
 * under serverless-offline in a worker or in process, `npm run local:reset`, the stream projector) sees the same
 * time, and emptying the table puts the clock back. Deployed stages never read or write it.
 */
export const LOCAL_CLOCK_KEY = { pk: 'LOCAL#CLOCK', sk: 'CLOCK' } as const;

export function readClockParams(tableName: string): GetCommandInput {
  return { TableName: tableName, Key: LOCAL_CLOCK_KEY, ConsistentRead: true };
}

export function writeClockParams(tableName: string, offsetMs: number): PutCommandInput {
  return { TableName: tableName, Item: { ...LOCAL_CLOCK_KEY, offsetMs } };
}

export function clearClockParams(tableName: string): DeleteCommandInput {
  return { TableName: tableName, Key: LOCAL_CLOCK_KEY };
}

export class LocalClockStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Milliseconds the clock is moved from the machine's; 0 when it was never moved. */
  async offset(): Promise<number> {
    const { Item } = await this.client.send(new GetCommand(readClockParams(this.tableName)));
    return typeof Item?.['offsetMs'] === 'number' ? Item['offsetMs'] : 0;
  }

  async move(offsetMs: number): Promise<void> {
    await this.client.send(new PutCommand(writeClockParams(this.tableName, offsetMs)));
  }

  async reset(): Promise<void> {
    await this.client.send(new DeleteCommand(clearClockParams(this.tableName)));
  }
}

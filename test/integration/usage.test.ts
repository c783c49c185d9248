import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { measureDynamoDbUsage } from '../../src/store/usage';
import { freshTable, type TestTable } from '../support/dynamodb';

let table: TestTable;
beforeAll(async () => {
  table = await freshTable();
});

const put = (pk: string, condition?: string) =>
  new PutCommand({
    TableName: table.tableName,
    Item: { pk, sk: 'USAGE', note: 'x'.repeat(1500) },
    ...(condition ? { ConditionExpression: condition } : {}),
  });

describe('the DynamoDB usage tally', () => {
  it('counts each command and the capacity DynamoDB reports for reads and writes', async () => {
    const { usage } = await measureDynamoDbUsage(async () => {
      await table.client.send(put('USAGE#1'));
      await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'USAGE#1', sk: 'USAGE' } }));
      await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'USAGE#1' },
          ConsistentRead: true,
        }),
      );
    });
    expect(usage.requests).toBe(3);
    expect(usage.byCommand).toEqual({ PutItem: 1, GetItem: 1, Query: 1 });
    // A 1.5 KB item: 2 write units to put; a strongly consistent read of up to 4 KB is 1 read unit, eventually 0.5.
    expect(usage.writeCapacityUnits).toBe(2);
    expect(usage.readCapacityUnits).toBe(1.5);
    expect(usage.conditionFailures).toBe(0);
  });

  it('counts a write refused by its condition, alone or in a transaction', async () => {
    await table.client.send(put('USAGE#2'));
    const { usage } = await measureDynamoDbUsage(async () => {
      await expect(table.client.send(put('USAGE#2', 'attribute_not_exists(pk)'))).rejects.toThrow();
      await expect(
        table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table.tableName,
                  Item: { pk: 'USAGE#2', sk: 'USAGE' },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        ),
      ).rejects.toThrow();
    });
    expect(usage).toMatchObject({ requests: 2, conditionFailures: 2, byCommand: { PutItem: 1, TransactWriteItems: 1 } });
  });

  it('counts a command in its own scope and every enclosing one, and nowhere outside', async () => {
    const outer = await measureDynamoDbUsage(async () => {
      await table.client.send(put('USAGE#3'));
      const inner = await measureDynamoDbUsage(() => table.client.send(put('USAGE#4')));
      return inner.usage;
    });
    await table.client.send(put('USAGE#5'));
    expect(outer.result.requests).toBe(1);
    expect(outer.usage.requests).toBe(2);
    expect(outer.usage.writeCapacityUnits).toBe(4);
  });

  it('keeps a caller-chosen ReturnConsumedCapacity and the caller input untouched', async () => {
    const input = {
      TableName: table.tableName,
      Key: { pk: 'USAGE#1', sk: 'USAGE' },
      ReturnConsumedCapacity: 'INDEXES' as const,
    };
    const { result } = await measureDynamoDbUsage(() => table.client.send(new GetCommand(input)));
    expect(result.ConsumedCapacity).toMatchObject({ CapacityUnits: 0.5, Table: { CapacityUnits: 0.5 } });
    const plain = { TableName: table.tableName, Key: { pk: 'USAGE#1', sk: 'USAGE' } };
    await measureDynamoDbUsage(() => table.client.send(new GetCommand(plain)));
    expect(plain).not.toHaveProperty('ReturnConsumedCapacity');
  });
});

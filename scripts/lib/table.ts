import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parse } from 'yaml';

/** The table as infra/table.yml defines it for CloudFormation, as a CreateTable request for DynamoDB Local. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const template = parse(readFileSync(join(__dirname, '../../infra/table.yml'), 'utf8')) as {
    Resources: { LifecycleTable: { Properties: Record<string, unknown> } };
  };
  // TTL and point-in-time recovery are separate calls (and DynamoDB Local enforces neither).
  const {
    TimeToLiveSpecification: _ttl,
    PointInTimeRecoverySpecification: _pitr,
    ...properties
  } = template.Resources.LifecycleTable.Properties;
  return { ...(properties as unknown as CreateTableCommandInput), TableName: tableName };
}

/** Creates the table when it is missing; returns whether it did. */
export async function ensureTable(client: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  return true;
}

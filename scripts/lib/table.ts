import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
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
  // TTL and point-in-time recovery are separate calls (and DynamoDB Local enforces neither); deletion protection
  // is a stage param of deployed tables.
  const {
    TimeToLiveSpecification: _ttl,
    PointInTimeRecoverySpecification: _pitr,
    StreamSpecification: stream,
    DeletionProtectionEnabled: _deletionProtection,
    ...properties
  } = template.Resources.LifecycleTable.Properties as Record<string, unknown> & { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } };
  // CloudFormation names only the view type; CreateTable also asks for the stream to be switched on.
  return {
    ...(properties as unknown as CreateTableCommandInput),
    StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType },
    TableName: tableName,
  };
}

/**
 * Creates the table when it is missing. A local table made by an older version, without every index of
 * infra/table.yml or its stream, is dropped and made anew (local data is demo data): returns what it did.
 */
export async function ensureTable(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<'created' | 'recreated' | 'exists'> {
  const definition = tableDefinition(tableName);
  let outcome: 'created' | 'recreated' = 'created';
  try {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const missing = (definition.GlobalSecondaryIndexes ?? []).filter((index) => !present.has(index.IndexName));
    if (missing.length === 0 && table?.StreamSpecification?.StreamEnabled) return 'exists';
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    outcome = 'recreated';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(definition));
  return outcome;
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addThrottlingBackoff } from './throttling';
import { trackDynamoDbUsage } from './usage';

export interface ClientSettings {
  region: string;
  /** DynamoDB Local's address; the AWS endpoint when absent. */
  endpoint?: string | undefined;
}

/** One document client per container: made at module scope by the handler, passed to the store. */
export function createDocumentClient(settings: ClientSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: settings.region,
    ...(settings.endpoint
      ? {
          endpoint: settings.endpoint,
          // DynamoDB Local accepts any credentials; these are not secrets.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 4,
  });
  addThrottlingBackoff(client);
  // Every command (each backoff resend too) reports what it consumed into the current tally: metrics, benchmarks.
  trackDynamoDbUsage(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

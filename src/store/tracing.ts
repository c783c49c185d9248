import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Records every DynamoDB call of the client as an X-Ray subsegment (Powertools Tracer). Loaded only when tracing
 * is on, so a stage without it does not pay the X-Ray SDK's load time at cold start. Answers whether it took:
 * the Tracer stays off outside a Lambda execution environment whatever it is asked.
 */
export async function traceDynamoDb(client: DynamoDBDocumentClient, serviceName: string): Promise<boolean> {
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  const tracer = new Tracer({ serviceName, enabled: true });
  tracer.captureAWSv3Client(client);
  return tracer.isTracingEnabled();
}

import { freePort, startDynamoDbLocal, type RunningDynamoDbLocal } from '../../scripts/lib/dynamodbLocal';

declare global {
  var __DYNAMODB_LOCAL__: RunningDynamoDbLocal | undefined;
}

/** One in-memory DynamoDB Local for the whole run; every test file makes its own table in it. */
export default async function globalSetup(): Promise<void> {
  // Quiet the AWS SDK's notice that it will leave Node 20 (deployed code runs on Node 22 or 24).
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  if (globalThis.__DYNAMODB_LOCAL__) return;
  const running = await startDynamoDbLocal({ port: await freePort() });
  globalThis.__DYNAMODB_LOCAL__ = running;
  // Workers start after this and inherit the environment.
  process.env['DYNAMODB_TEST_ENDPOINT'] = running.endpoint;
}

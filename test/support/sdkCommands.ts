import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface SentCommand {
  name: string;
  input: Record<string, unknown>;
}

/**
 * Notes every command any DynamoDB client of this test file sends (the store's included: the SDK's clients share
 * one Client.send), at the moment it is sent, until restored.
 */
export function noteSdkCommands(): { sent: SentCommand[]; restore: () => void } {
  const smithyClient = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => unknown };
  const originalSend = smithyClient.send;
  const sent: SentCommand[] = [];
  smithyClient.send = function noting(this: unknown, command: { constructor: { name: string }; input: Record<string, unknown> }, ...rest: unknown[]) {
    sent.push({ name: command.constructor.name.replace(/Command$/, ''), input: command.input });
    return originalSend.call(this, command, ...rest);
  } as typeof smithyClient.send;
  return { sent, restore: () => (smithyClient.send = originalSend) };
}

export default async function globalTeardown(): Promise<void> {
  const running = globalThis.__DYNAMODB_LOCAL__;
  globalThis.__DYNAMODB_LOCAL__ = undefined;
  await running?.stop();
}

// unit: the pure domain and builders, no I/O. integration: the store and use cases against DynamoDB Local.
// e2e: GraphQL over API Gateway HTTP API events into the real handler, DynamoDB Local behind it.
// template: the CloudFormation template that `serverless package` makes.
// browser: what npm start runs, over HTTP and in headless Chromium.
// DynamoDB Local is started once, in memory on a free port, by test/support/globalSetup.ts.
// jose ships only ES modules, which jest on Node 20 cannot require: ts-jest transpiles it like our own code.
const transform = { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] };
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const withDynamoDb = {
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/support/sequencer.cjs',
  // A safety net, not a speed goal (bench/ measures speed): the shared 2-core machines run at load averages near 20.
  testTimeout: 180_000,
  projects: [
    { displayName: 'unit', transform, transformIgnorePatterns, testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { displayName: 'integration', ...withDynamoDb, testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { displayName: 'e2e', ...withDynamoDb, testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // The packaged CloudFormation template (one `serverless package` run), read for the guards it must hold.
    { displayName: 'template', transform, transformIgnorePatterns, testEnvironment: 'node', testMatch: ['<rootDir>/test/template/**/*.test.ts'] },
    // The local stack (serverless-offline, Chromium): run on its own after the others (npm test), as it loads the machine.
    { displayName: 'browser', ...withDynamoDb, testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
};

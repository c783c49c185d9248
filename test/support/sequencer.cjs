// Jest's own order (slowest first, from the last run), except the tests that start a whole local stack as a child
// process: they go last, so their Java, esbuild and serverless-offline do not share 2 cores with the concurrency
// tests, which then run past their time limit.
const Sequencer = require('@jest/test-sequencer').default;

const startsAStack = (test) => test.path.endsWith('localStack.test.ts');

class LocalStackLast extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter((test) => !startsAStack(test)), ...sorted.filter(startsAStack)];
  }
}

module.exports = LocalStackLast;

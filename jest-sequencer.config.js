/**
 * The order jest hands suites to its lanes: the slowest first, so that no long suite starts last and holds the run
 * while the other lanes sit idle. Jest's own order (failed first, then by the durations it recorded in its cache, else
 * by file size) is kept for the rest; on a fresh clone there is no cache, hence this list. Measured with
 * `npm test` (jest prints each suite's seconds); keep it to the suites that take well over a minute.
 */
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const SLOWEST_FIRST = [
  'test/timeskip/sixty-days.test.ts',
  'test/stack/stack-up.test.ts',
  'test/api/schemathesis.test.ts',
  'test/e2e/senders.test.ts',
  'test/tracing/one-trace.test.ts',
  'test/timeskip/long-running.test.ts',
  'test/e2e/cli-operator.test.ts',
  'test/worker/worker-startup.test.ts',
  'test/e2e/sealed-secrets.test.ts',
  'test/reliability/sender-fairness.test.ts',
  'test/e2e/callbacks.test.ts',
];

class SlowestFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const at = SLOWEST_FIRST.indexOf(relative(test.context.config.rootDir, test.path).split('\\').join('/'));
      return at === -1 ? SLOWEST_FIRST.length : at;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowestFirst;

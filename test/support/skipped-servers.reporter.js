// @ts-check
/**
 * A Jest reporter (jest.config.js) that, after a run in which real-server suites were skipped, says
 * which variables turn them on, with an example value each (real-server-variables.json). It reads the
 * mark that real-servers.ts puts in a skipped suite's title, `[skipped: <VARIABLE> unset]`, and
 * prints nothing when no such suite was skipped. It writes to stderr, beside Jest's own summary,
 * so `jest --json` keeps a clean stdout.
 */
const SERVERS = require('./real-server-variables.json');

const MARK = /\[skipped: (\w+) unset\]/;

class SkippedServersReporter {
  /**
   * @param {unknown} _contexts
   * @param {import('@jest/test-result').AggregatedResult} results
   */
  onRunComplete(_contexts, results) {
    /** @type {Map<string, number>} */
    const skipped = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === 'passed' || test.status === 'failed') continue;
        const variable = MARK.exec(test.ancestorTitles.join(' '))?.[1];
        if (variable) skipped.set(variable, (skipped.get(variable) ?? 0) + 1);
      }
    }
    if (skipped.size === 0) return;
    const rows = [...skipped].map(([variable, tests]) => {
      const server = SERVERS.find((entry) => entry.variable === variable);
      return {
        variable,
        tests,
        server: server?.server ?? 'a real server',
        example: server?.example ?? '<url>',
      };
    });
    const total = rows.reduce((sum, row) => sum + row.tests, 0);
    const width = Math.max(...rows.map((row) => row.variable.length));
    const lines = [
      '',
      `Real-server suites were skipped (${total} tests). These variables turn them on:`,
      ...rows.map(
        (row) =>
          `  ${row.variable.padEnd(width)}  ${row.server}, e.g. ${row.example} (${row.tests} tests)`,
      ),
      `For example: ${rows.map((row) => `${row.variable}=${row.example}`).join(' ')} npm test`,
      '',
    ];
    process.stderr.write(lines.join('\n') + '\n');
  }
}

module.exports = SkippedServersReporter;

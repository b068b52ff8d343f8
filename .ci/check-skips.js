// Reads the report of `jest --json --outputFile=<report>` and fails (exit 1) when no test ran or
// when any test was skipped: CI must never pass on a silently skipped real-server suite.
const { readFileSync } = require('node:fs');

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
if (report.numTotalTests === 0) {
  console.error('no test ran');
  process.exit(1);
}
if (skipped > 0) {
  const names = report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status !== 'passed' && test.status !== 'failed')
      .map((test) => `${file.name}: ${test.fullName}`),
  );
  console.error('Real-server suites must not be skipped in CI:\n' + names.join('\n'));
  process.exit(1);
}

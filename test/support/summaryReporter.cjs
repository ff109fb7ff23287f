// Prints the plain closing line CI reads: "N passed, N failed[, N skipped]", and keeps it in
// test-results/summary.txt so .ci/run can repeat it as its last line after the benchmark.
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numRuntimeErrorTestSuites;
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests + failedSuites} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\n${line}\n`);
    const dir = path.join(this.rootDir, 'test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'summary.txt'), `${line}\n`);
  }
}
module.exports = SummaryReporter;

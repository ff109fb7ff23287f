// Jest reporter: prints the BPMN coverage the process tests wrote (newest .data/bpmn-coverage/*.json) after the run.
// Register in jest.config.mjs `reporters` to see it after `npm test`; each process test file also prints it in afterAll.
const fs = require('node:fs');
const path = require('node:path');

class BpmnCoverageReporter {
  constructor(globalConfig) {
    this.dir = path.join(globalConfig.rootDir, '.data', 'bpmn-coverage');
    this.startedAt = Date.now();
  }
  onRunComplete() {
    if (!fs.existsSync(this.dir)) return;
    const newest = fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ f, t: fs.statSync(path.join(this.dir, f)).mtimeMs }))
      .filter((x) => x.t >= this.startedAt)
      .sort((a, b) => b.t - a.t)[0];
    if (!newest) return;
    const { report } = JSON.parse(fs.readFileSync(path.join(this.dir, newest.f), 'utf8'));
    const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '100.0');
    const lines = ['', 'BPMN coverage (flow nodes / sequence flows):'];
    for (const [pid, r] of Object.entries(report)) {
      lines.push(`  ${pid.padEnd(24)} nodes ${pct(r.nodesCovered, r.nodes).padStart(5)} % (${r.nodesCovered}/${r.nodes})   flows ${pct(r.flowsCovered, r.flows).padStart(5)} % (${r.flowsCovered}/${r.flows})`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  }
}
module.exports = BpmnCoverageReporter;

// Jest reporter: after the run, prints the cumulative BPMN coverage that the process tests wrote (the newest
// .data/bpmn-coverage/*.json of this run; computed from the engine's history, see test/support/bpmnCoverage.ts).
// Listed in jest.config.mjs `reporters`; each process test file also prints the report so far in its afterAll.
// Targets over the whole process tier: every flow node, and at least 95 % of the sequence flows, of each process.
const fs = require('node:fs');
const path = require('node:path');

const TARGET_NODES = 100;
const TARGET_FLOWS = 95;

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
    const pct = (a, b) => (b ? (100 * a) / b : 100);
    const lines = [
      '',
      `BPMN coverage from the engine history (flow nodes / sequence flows; target ${TARGET_NODES} % / ${TARGET_FLOWS} %):`,
    ];
    for (const [pid, r] of Object.entries(report)) {
      const nodes = pct(r.nodesCovered, r.nodes);
      const flows = pct(r.flowsCovered, r.flows);
      const below = nodes < TARGET_NODES || flows < TARGET_FLOWS ? '   BELOW TARGET' : '';
      lines.push(
        `  ${pid.padEnd(24)} nodes ${nodes.toFixed(1).padStart(5)} % (${r.nodesCovered}/${r.nodes})   flows ${flows.toFixed(1).padStart(5)} % (${r.flowsCovered}/${r.flows})${below}`,
      );
      if (below && r.missingNodes?.length) lines.push(`    not reached: ${r.missingNodes.join(', ')}`);
      if (below && r.missingFlows?.length) lines.push(`    flows not taken: ${r.missingFlows.join(', ')}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  }
}
module.exports = BpmnCoverageReporter;

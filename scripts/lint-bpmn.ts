// `npm run lint:bpmn`: bpmnlint (recommended + camunda-compat camunda-cloud-8-6, the same rule set as .bpmnlintrc
// and as @camunda/linting for 8.6) over every processes/*.bpmn; exits non-zero on any error. @camunda/linting
// itself does not import in plain Node, so the shared module src/services/bpmnLint.ts runs its rule set here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROCESSES_DIR } from '../src/paths.js';
import { BPMNLINT_CONFIG, closeBpmnLint, lintBpmnXml } from '../src/services/bpmnLint.js';

const rc = JSON.parse(readFileSync(path.join(PROCESSES_DIR, '..', '.bpmnlintrc'), 'utf8')) as unknown;
if (JSON.stringify(rc) !== JSON.stringify(BPMNLINT_CONFIG)) {
  console.error('.bpmnlintrc and BPMNLINT_CONFIG in src/services/bpmnLint.ts differ; keep them the same');
  process.exit(2);
}
const files = readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.bpmn')).sort();
let errors = 0;
for (const file of files) {
  const result = await lintBpmnXml(readFileSync(path.join(PROCESSES_DIR, file), 'utf8'));
  for (const f of result.errors) console.log(`${file}: error ${f.rule} ${f.id}: ${f.detail}`);
  // Job-worker user tasks are the architecture's choice for 8.6 (docs/architecture.md), so that hint is summarised.
  const jobWorkerTasks = result.warnings.filter((f) => f.rule === 'camunda-compat/zeebe-user-task');
  for (const f of result.warnings.filter((w) => !jobWorkerTasks.includes(w))) console.log(`${file}: warning ${f.rule} ${f.id}: ${f.detail}`);
  if (jobWorkerTasks.length) console.log(`${file}: ${jobWorkerTasks.length} job-worker user tasks (by design, no zeebe:userTask)`);
  errors += result.errors.length;
  if (!result.processIds.includes(path.basename(file, '.bpmn'))) {
    console.log(`${file}: error file name must equal the process id (found ${result.processIds.join(', ') || 'none'})`);
    errors++;
  }
}
await closeBpmnLint();
console.log(`lint:bpmn: ${files.length} models, ${errors} errors`);
process.exit(errors ? 1 : 0);

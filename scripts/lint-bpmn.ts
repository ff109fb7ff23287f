// `npm run lint:bpmn`: lints every processes/*.bpmn with the product's rule set (BPMNLINT_CONFIG in
// src/services/bpmnLint.ts == .bpmnlintrc: bpmnlint correctness + recommended, camunda-compat camunda-platform-7-24
// and the project's rules in lint/bpmnlint-plugin-samverkan), the same rules the modeler and the deploy apply.
// Exits non-zero on any error. bpmnlint runs directly here: @camunda/linting (the browser's linter) cannot be
// imported by plain Node.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PROCESSES_DIR, ROOT } from '../src/paths.js';
import { BPMNLINT_CONFIG, closeBpmnLint, lintBpmnXml } from '../src/services/bpmnLint.js';

const rc = JSON.parse(readFileSync(path.join(ROOT, '.bpmnlintrc'), 'utf8')) as unknown;
if (JSON.stringify(rc) !== JSON.stringify(BPMNLINT_CONFIG)) {
  console.error('.bpmnlintrc and BPMNLINT_CONFIG in src/services/bpmnLint.ts differ; keep them the same');
  process.exit(2);
}
const files = readdirSync(PROCESSES_DIR)
  .filter((f) => f.endsWith('.bpmn'))
  .sort();
let errors = 0;
for (const file of files) {
  const result = await lintBpmnXml(readFileSync(path.join(PROCESSES_DIR, file), 'utf8'));
  for (const f of result.errors) console.log(`${file}: error ${f.rule} ${f.id}: ${f.detail}`);
  for (const f of result.warnings) console.log(`${file}: warning ${f.rule} ${f.id}: ${f.detail}`);
  errors += result.errors.length;
  if (!result.processIds.includes(path.basename(file, '.bpmn'))) {
    console.log(`${file}: error file name must equal the process id (found ${result.processIds.join(', ') || 'none'})`);
    errors++;
  }
}
await closeBpmnLint();
console.log(`lint:bpmn: ${files.length} models, ${errors} errors`);
process.exit(errors ? 1 : 0);

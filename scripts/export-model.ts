// `node --import tsx scripts/export-model.ts <process-id> [version] [--out <dir>]`: writes processes/<process-id>.bpmn from the
// version history the modeler stores in PostgreSQL (DATABASE_URL), so a process owner's change can be committed.
// Without a version it takes the newest deployed one. The file is linted with the same rules as `npm run lint:bpmn`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { config } from '../src/config.js';
import { createKnex } from '../src/db/knex.js';
import { PROCESSES_DIR } from '../src/paths.js';
import { findLatestProcessVersion } from '../src/repositories/processVersions.js';
import { closeBpmnLint, lintBpmnXml } from '../src/services/bpmnLint.js';
import { exportModel, MODEL_ID_PATTERN } from '../src/services/modeler.js';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outDir = outAt >= 0 ? args.splice(outAt, 2)[1] : PROCESSES_DIR;
const [id, versionArg] = args;
if (!id || !outDir || !MODEL_ID_PATTERN.test(id) || (versionArg !== undefined && !/^\d+$/.test(versionArg))) {
  process.stderr.write('usage: export-model <process-id> [version] [--out <dir>]\n');
  process.exit(2);
}

const db = createKnex(config().DATABASE_URL!, { poolMax: 1 });
try {
  const version = versionArg ? Number(versionArg) : (await findLatestProcessVersion(db, id))?.version;
  if (version === undefined)
    throw new Error(`no deployed version of ${id} is recorded (deploy it from /modeler first)`);
  const { fileName, xml } = await exportModel({ db }, id, version);
  const lint = await lintBpmnXml(xml);
  const file = path.join(outDir, fileName);
  writeFileSync(file, xml);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)} (version ${version})\n`);
  for (const f of [...lint.errors, ...lint.warnings])
    process.stdout.write(`  ${f.category} ${f.id} ${f.rule}: ${f.detail}\n`);
  process.exitCode = lint.errors.length ? 1 : 0;
} catch (err) {
  process.stderr.write(`export-model: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
  await closeBpmnLint();
}

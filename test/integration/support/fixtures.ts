import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Engine } from '../../../src/engine/client.js';
import { ROOT } from '../../../src/paths.js';
import { deployChangedResources } from '../../../src/services/deployment.js';

/** Deploys test/fixtures/ui-task-fixture.{form,bpmn} through the product's deployment path (records form keys and element names). */
export async function deployUiTaskFixture(db: Knex, engine: Engine): Promise<void> {
  const resources = ['ui-task-fixture.form', 'ui-task-fixture.bpmn'].map((name) => {
    const content = readFileSync(path.join(ROOT, 'test/fixtures', name));
    return { name, content, sha256: createHash('sha256').update(content).digest('hex') };
  });
  await deployChangedResources(db, engine, resources);
}

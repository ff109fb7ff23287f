import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from '../../src/paths.js';
import { BPMNLINT_CONFIG } from '../../src/services/bpmnLint.js';

// The browser cannot resolve rule packages, so modeler/src/recommendedLintPlugin.js lists bpmnlint:recommended's
// rules statically. Read as text: the plugin imports bundler-only modules.
const require = createRequire(import.meta.url);
const PLUGIN = readFileSync(path.join(ROOT, 'modeler/src/recommendedLintPlugin.js'), 'utf8');

describe('modeler lint plugin', () => {
  test('when bpmnlint is upgraded, then the browser plugin still bundles exactly the rules of bpmnlint:recommended', () => {
    // given
    const recommended = Object.keys((require('bpmnlint/config/recommended') as { rules: Record<string, string> }).rules).sort();
    // when
    const bundled = [...PLUGIN.matchAll(/'rule:bpmnlint\/([a-z-]+)'/g)].map((m) => m[1]).sort();
    // then
    expect(bundled).toEqual(recommended);
  });

  test('when the server config changes, then the browser plugin is revisited (it mirrors recommended + camunda-cloud-8-6)', () => {
    expect(BPMNLINT_CONFIG.extends).toEqual(['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-6']);
    expect(PLUGIN).toContain("extends: 'bpmnlint:recommended'");
    expect(readFileSync(path.join(ROOT, 'modeler/src/bpmnEditor.js'), 'utf8')).toContain("EXECUTION_PLATFORM_VERSION = '8.6.0'");
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import {
  EXECUTION_PLATFORM,
  EXECUTION_PLATFORM_VERSION,
  HISTORY_TIME_TO_LIVE,
  newProcessXml,
} from '../../modeler/src/newProcess.js';
import { ROOT } from '../../src/paths.js';
import { BPMNLINT_CONFIG, closeBpmnLint, lintBpmnXml, resolveLintRules } from '../../src/services/bpmnLint.js';

// The browser lints with @camunda/linting plus modeler/src/lintPlugin.js; the server with bpmnlint and BPMNLINT_CONFIG.
// These tests keep the two the same rule set. The plugin and editor are read as text: they import bundler-only modules.
const require = createRequire(import.meta.url);
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const PLUGIN = read('modeler/src/lintPlugin.js');
const EDITOR = read('modeler/src/bpmnEditor.js');
const samverkan = require('../../lint/bpmnlint-plugin-samverkan') as {
  rules: Record<string, string>;
  configs: Record<string, unknown>;
};

/** The config @camunda/linting composes in the browser (Linter._createConfig of 3.57) for a Camunda Platform 7.24 diagram. */
function browserConfig() {
  const extendsList = JSON.parse(/extends: (\[[^\]]*\])/.exec(PLUGIN)![1]!.replace(/'/g, '"')) as string[];
  const overrides = Object.fromEntries(
    [...PLUGIN.matchAll(/^\s+'([a-z-]+\/[a-z-]+)': '(error|warn|off)',$/gm)].map((m) => [m[1]!, m[2]!]),
  );
  return {
    extends: ['plugin:camunda-compat/camunda-platform-7-24', 'bpmnlint:correctness', ...extendsList],
    // the linter's built-in plugin sets no-bpmndi to warn; plugins given to it come after
    rules: { 'bpmnlint/no-bpmndi': 'warn', ...overrides },
  };
}

describe('modeler lint plugin (browser) and server lint config', () => {
  afterAll(closeBpmnLint);

  test('when bpmnlint is upgraded, then the browser plugin still bundles exactly the rules of bpmnlint:recommended', () => {
    // given
    const recommended = Object.keys(
      (require('bpmnlint/config/recommended') as { rules: Record<string, string> }).rules,
    ).sort();
    // when
    const bundled = [...PLUGIN.matchAll(/'rule:bpmnlint\/([a-z-]+)'/g)].map((m) => m[1]).sort();
    // then
    expect(bundled).toEqual(recommended);
  });

  test('when a project rule is added, then the browser plugin bundles it from lint/bpmnlint-plugin-samverkan', () => {
    const bundled = [...PLUGIN.matchAll(/'rule:bpmnlint-plugin-samverkan\/([a-z-]+)': samverkan[A-Za-z]+/g)]
      .map((m) => m[1])
      .sort();
    expect(bundled).toEqual(Object.keys(samverkan.rules).sort());
    for (const name of bundled)
      expect(PLUGIN).toContain(`from '../../lint/bpmnlint-plugin-samverkan/rules/${name}.js'`);
    expect(PLUGIN).toContain("'config:bpmnlint-plugin-samverkan/recommended': samverkan.configs.recommended");
  });

  test('when the browser composes its lint config, then it enables the same rules at the same levels as the server', async () => {
    // when
    const [browser, server] = await Promise.all([resolveLintRules(browserConfig()), resolveLintRules(BPMNLINT_CONFIG)]);
    // then
    const byName = (rules: { name: string; category: string }[]) =>
      Object.fromEntries(rules.map((r) => [r.name, r.category]));
    expect(byName(browser)).toEqual(byName(server));
    expect(Object.keys(byName(server))).toEqual(
      expect.arrayContaining(['label-required', 'conditional-event', 'samverkan/known-extensions']),
    );
  });

  test('when the editor pins the execution platform, then @camunda/linting picks the camunda-compat config the server extends', () => {
    // @camunda/linting: getConfigName('Camunda Platform', '7.24.0') → 'camunda-platform-7-24'
    const configName = [
      ...EXECUTION_PLATFORM.split(' ').map((s) => s.toLowerCase()),
      ...EXECUTION_PLATFORM_VERSION.split('.').slice(0, 2),
    ].join('-');
    expect(configName).toBe('camunda-platform-7-24');
    expect(BPMNLINT_CONFIG.extends).toContain(`plugin:camunda-compat/${configName}`);
    expect(EDITOR).toContain("type: 'platform'");
    expect(JSON.parse(read('.bpmnlintrc'))).toEqual(BPMNLINT_CONFIG);
  });

  test('when the modeler sources are read, then they import only the Camunda 7 moddles, properties providers and behaviours', () => {
    // given: every import statement of modeler/src (named imports and module specifiers)
    const sources = readdirSync(path.join(ROOT, 'modeler/src'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => read(`modeler/src/${f}`));
    const statements = sources.flatMap((src) => [...src.matchAll(/^import\s+(?:([^'"]*?)\s+from\s+)?'([^']+)'/gms)]);
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    const packages = [
      ...new Set(
        statements
          .map((m) => m[2]!)
          .filter((s) => !s.startsWith('.'))
          .map(packageOf),
      ),
    ].sort();
    const names = [...new Set(statements.flatMap((m) => (m[1] ?? '').match(/[A-Za-z_$][\w$]*/g) ?? []))].sort();
    const behaviours = [
      ...new Set(statements.map((m) => m[2]!).filter((s) => s.startsWith('camunda-bpmn-js-behaviors/'))),
    ];
    const moddles = packages.filter((p) => p.endsWith('moddle')); // *-bpmn-moddle, modeler-moddle and the like
    const providers = names.filter((n) => n.endsWith('PropertiesProviderModule'));
    // then: bpmn-moddle with the camunda: (and modeler:) extension, the Platform properties providers and behaviours
    expect(moddles).toContain('camunda-bpmn-moddle');
    expect(moddles.filter((p) => !['bpmn-moddle', 'camunda-bpmn-moddle', 'modeler-moddle'].includes(p))).toEqual([]);
    expect(providers).toContain('CamundaPlatformPropertiesProviderModule');
    expect(
      providers.filter((n) => !['BpmnPropertiesProviderModule', 'CamundaPlatformPropertiesProviderModule'].includes(n)),
    ).toEqual([]);
    expect(behaviours).toEqual(['camunda-bpmn-js-behaviors/lib/camunda-platform']);
  });

  test('when a processägare creates a new diagram, then it targets Camunda Platform 7.24.0 with historyTimeToLive and breaks no project rule', async () => {
    // given
    const xml = newProcessXml('ny-rutin');
    // when
    const result = await lintBpmnXml(xml);
    // then
    expect(xml).toContain('modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.24.0"');
    expect(xml).toContain(`camunda:historyTimeToLive="${HISTORY_TIME_TO_LIVE}"`);
    expect(result.processIds).toEqual(['ny-rutin']);
    expect(result.errors.filter((f) => f.rule.startsWith('samverkan/'))).toEqual([]);
  });
});

// Four tiers (see README "Tests"): unit and static need nothing; integration needs PostgreSQL; process needs the engine too.
// globalSetup starts (or reuses) an engine with a controlled clock and a throw-away database once per run.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }];
const common = {
  transform: { '^.+\\.ts$': swc },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};
const tier = (name) => ({
  ...common,
  displayName: name,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
});

export default {
  ...common,
  globalSetup: '<rootDir>/test/support/globalSetup.mjs',
  globalTeardown: '<rootDir>/test/support/globalTeardown.mjs',
  // process: piiScanSetup reads every variable the engine stored during a file (its history) and fails the file if one
  // holds a personnummer or a name field (issue 9).
  // e2e: headless Chromium against the app in-process (real workers and task sync); no retries: a flaky browser test is a bug.
  // reliability: fuzz and fault runs (npm run test:reliability).
  projects: [
    tier('unit'),
    tier('static'),
    tier('integration'),
    { ...tier('process'), setupFilesAfterEnv: ['<rootDir>/test/support/piiScanSetup.ts'] },
    tier('e2e'),
    tier('reliability'),
  ],
  // Global (jest ignores it per project): process tests wait on a real engine.
  testTimeout: 120_000,
  // fetch's keep-alive sockets (undici) to the engine REST API and the test engine's clock stay open for a few seconds
  // after the last call; globalTeardown has stopped the stack by then, so nothing is left to wait for.
  forceExit: true,
  reporters: [
    'default',
    '<rootDir>/test/support/bpmnCoverageReporter.cjs',
    '<rootDir>/test/support/summaryReporter.cjs',
  ],
};

// ESLint for the whole repository (`npm run lint` runs it with `prettier --check`; `npm run format` fixes both).
// Formatting is Prettier's alone (eslint-config-prettier switches off every stylistic rule); ESLint checks code
// (typescript-eslint's recommended rules) and the import order (simple-import-sort, autofixable).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'modeler/dist/',
      'src/public/build/',
      '.cache/',
      '.data/',
      'test-results/',
      'coverage/',
      'engine/target/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'simple-import-sort': simpleImportSort },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      // Unused parameters are kept when a signature is fixed by a caller (Express handlers, worker handlers);
      // a leading underscore marks them.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Library types (bpmn-js, form-js, the engine's JSON) are untyped in places; `any` stays visible in review.
      '@typescript-eslint/no-explicit-any': 'off',
      // Declaration merging for Express and express-session uses namespaces and interfaces as the libraries require.
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Intentional control-character ranges (XML, iCalendar and CSV sanitising) are written as escapes.
      'no-control-regex': 'off',
      // A default assigned before a try whose catch returns or rethrows is the house pattern; the rule flags it.
      'no-useless-assignment': 'off',
      // Every @ts-ignore says why it is not an @ts-expect-error (typings that may or may not exist).
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description' }],
    },
  },
  {
    // CommonJS: the bpmnlint plugin (bpmnlint loads plugins with require) and the jest reporters.
    files: ['lint/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Code that runs in the browser: the client bundles, the modeler and the page script.
    files: ['src/client/**', 'modeler/src/**', 'src/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  prettier,
);

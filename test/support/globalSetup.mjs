// Plain ESM (jest loads global setup outside its module mapper); tsx loads the TypeScript stack code.
import { tsImport } from 'tsx/esm/api';

/** Starts (or reuses) the engine and PostgreSQL for integration and process tests; exports their addresses as env. */
export default async function globalSetup() {
  if (process.env.SAMVERKAN_TEST_STACK === 'none') return;
  const { ensureTestStack } = await tsImport('./stack.ts', import.meta.url);
  const stack = await ensureTestStack();
  Object.assign(process.env, stack.env);
  globalThis.__samverkanStack = stack;
}

/** Stops what globalSetup started (also after failed tests). */
export default async function globalTeardown() {
  await globalThis.__samverkanStack?.stop();
}

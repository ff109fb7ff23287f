// `npm run bench [-- --quick] [-- --only=startup,handoff,workers,tasklist,replay] [-- --cold-start]` (scripts/bench.mjs
// starts this file). Sets the bench's defaults before anything reads the environment (the test stack's ports are fixed
// at import).
process.env.SAMVERKAN_TEST_PORT_OFFSET ??= '700';
process.env.LOG_LEVEL ??= 'warn';
const { main } = await import('./bench.js');
// Exit explicitly: a library's exit hook must not turn a failed run into exit code 0.
process.exit(await main(process.argv.slice(2)));

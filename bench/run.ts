// `npm run bench [-- --quick] [-- --only=handoff,workers,tasklist,replay]` (scripts/bench.mjs starts this file).
// Sets the bench's defaults before anything reads the environment (the test stack's ports are fixed at import).
process.env.SAMVERKAN_TEST_PORT_OFFSET ??= '700';
process.env.LOG_LEVEL ??= 'warn';
// The figures in docs/benchmarks.md are measured with workers polling again 10 ms after a batch.
process.env.WORKER_POLL_INTERVAL_MS ??= '10';
const { main } = await import('./bench.js');
// Exit explicitly: a library's exit hook must not turn a failed run into exit code 0.
process.exit(await main(process.argv.slice(2)));

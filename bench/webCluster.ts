// Several web processes of the app behind one port, as replicas behind a load balancer: a node:cluster primary forks
// WEB_PROCESSES children that each run src/main.ts (the environment decides what they run; the bench sets
// WORKERS_ENABLED=false). The primary accepts the connections and deals them round-robin to the children (Node's
// default scheduling on Linux); sessions live in PostgreSQL, so any child serves any user. The primary prints one line
// `{"msg":"web cluster listening",…}` once every child listens, and stops them all on SIGTERM/SIGINT.
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';

import { ROOT } from '../src/paths.js';

const count = Math.max(1, Number(process.env.WEB_PROCESSES ?? 2));
cluster.setupPrimary({ exec: path.join(ROOT, 'src', 'main.ts'), execArgv: ['--import', 'tsx'] });

let stopping = false;
const children: Worker[] = [];
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  for (const w of children) if (!w.isDead()) w.process.kill(signal);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGTERM'));
cluster.on('exit', (w, code, signal) => {
  if (!stopping) {
    process.stderr.write(`web cluster: child ${w.process.pid} exited (${signal ?? code}); stopping the others\n`);
    stop('SIGTERM');
  }
  if (children.every((c) => c.isDead())) process.exit(stopping && code === 0 ? 0 : 1);
});

// One after the other: each child's start-up (migrations, deployment check) finds the database as the previous left it.
for (let i = 0; i < count && !stopping; i++) {
  const w = cluster.fork();
  children.push(w);
  await new Promise<void>((resolve) => {
    w.once('listening', () => resolve());
    w.once('exit', () => resolve());
  });
}
if (!stopping)
  process.stdout.write(
    `${JSON.stringify({ msg: 'web cluster listening', pids: children.map((c) => c.process.pid) })}\n`,
  );

// Load generator for the task list benchmark, run as a child process so it does not share the app's event loop.
// Input: env BENCH_LOAD = JSON { url, cookies: string[], connections, durationS }. Output: one JSON line on stdout.
import autocannon from 'autocannon';

const input = JSON.parse(process.env.BENCH_LOAD ?? '{}') as {
  url: string;
  cookies: string[];
  connections: number;
  durationS: number;
  connectionRate?: number;
};
let n = 0;
const result = await autocannon({
  url: input.url,
  connections: input.connections,
  duration: input.durationS,
  // paced mode: each connection sends at most this many requests per second (a user's think time)
  ...(input.connectionRate ? { connectionRate: input.connectionRate } : {}),
  // each connection is one logged-in user's browser: the users' session cookies are dealt round-robin
  setupClient: (client) =>
    client.setHeaders({ cookie: input.cookies[n++ % input.cookies.length]!, accept: 'application/json' }),
});
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total ?? result['2xx'] + result.non2xx,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
  })}\n`,
);

import type { Server } from 'node:http';

import type { Express } from 'express';

/**
 * How long an idle kept-alive connection stays open. Node closes it after 5 s by default; a client (a browser, a proxy
 * or a load balancer, which commonly keep connections for 60 s) that sends its next request just as the server closes
 * the connection gets a reset instead of an answer. Keeping idle connections longer than the clients do avoids that.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Starts the app's HTTP server on `port` (0: any free one) and `host`; resolves once it listens. */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    // The time to receive a request's headers must be longer than the idle time, or a slow request on a reused
    // connection is cut first.
    s.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
    s.once('error', reject);
  });
}

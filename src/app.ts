import express, { type Express } from 'express';
import type { Knex } from 'knex';
import type { Engine } from './engine/client.js';
import type { RunningWorkers } from '../workers/runtime/start.js';
import { healthRouter } from './routes/health.js';

export interface AppDeps {
  db: Knex;
  engine: Engine;
  workers?: RunningWorkers;
}

/** Builds the Express app (routes → services → repositories). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(healthRouter(deps));
  return app;
}

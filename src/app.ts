import express, { type Express } from 'express';
import type { Knex } from 'knex';
import type { Engine } from './engine/client.js';
import type { RunningWorkers } from '../workers/runtime/start.js';
import type { TaskSync } from './services/taskReadModel.js';
import { healthRouter } from './routes/health.js';
import { outboxRouter } from './routes/outbox.js';
import { modelerRouter } from './routes/modeler.js';
import { config, type Config } from './config.js';
import { installWeb } from './web/index.js';
import { tasksRouter } from './routes/tasks.js';
import { casesRouter } from './routes/cases.js';
import { incidentsRouter } from './routes/incidents.js';
import { bokslutRouter } from './routes/bokslut.js';
import { styrgruppRouter } from './routes/styrgrupp.js';
import { startFormsRouter } from './routes/startForms.js';
import { beredningRouter } from './routes/beredning.js';
import { notificationsRouter } from './routes/notifications.js';
import { auditRouter } from './routes/audit.js';
import { stuckCasesRouter } from './routes/stuckCases.js';
import { policyGuard } from './policy/guard.js';

export interface AppDeps {
  db: Knex;
  engine: Engine;
  workers?: RunningWorkers;
  /** Keeps the task list's read model in step with the engine (web processes). */
  taskSync?: TaskSync;
  /** Defaults to the process configuration. */
  cfg?: Config;
}

/** Builds the Express app (routes → services → repositories). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(healthRouter(deps));
  // policyGuard (src/policy) goes first: every route below needs a row in the route table (deny by default).
  // Web UI: helmet, sessions, CSRF, login. Routers mounted between installWeb and finish() get sessions and CSRF.
  const web = installWeb(app, { db: deps.db, cfg: deps.cfg ?? config(), routers: [policyGuard(), notificationsRouter(deps), outboxRouter(deps), modelerRouter(deps), startFormsRouter(deps), beredningRouter(deps), tasksRouter(deps), casesRouter(deps), incidentsRouter(deps), stuckCasesRouter(deps), bokslutRouter(deps), styrgruppRouter(deps), auditRouter(deps)] });
  web.finish(); // 404 + the one error middleware; keep last
  app.locals.close = web.close;
  return app;
}

import express, { type Express } from 'express';
import type { Knex } from 'knex';

import type { RunningWorkers } from '../workers/runtime/start.js';
import { type Config, config } from './config.js';
import type { Engine } from './engine/client.js';
import { policyGuard } from './policy/guard.js';
import { auditRouter } from './routes/audit.js';
import { beredningRouter } from './routes/beredning.js';
import { bokslutRouter } from './routes/bokslut.js';
import { casesRouter } from './routes/cases.js';
import { healthRouter } from './routes/health.js';
import { incidentsRouter } from './routes/incidents.js';
import { modelerRouter } from './routes/modeler.js';
import { notificationsRouter } from './routes/notifications.js';
import { outboxRouter } from './routes/outbox.js';
import { startFormsRouter } from './routes/startForms.js';
import { stuckCasesRouter } from './routes/stuckCases.js';
import { styrgruppRouter } from './routes/styrgrupp.js';
import { tasksRouter } from './routes/tasks.js';
import type { TaskSync } from './services/taskReadModel.js';
import { installWeb } from './web/index.js';

export interface AppDeps {
  db: Knex;
  engine: Engine;
  workers?: RunningWorkers;
  /**
   * False when this process runs no workers by configuration (a web-only replica, `WORKERS_ENABLED=false`): `/health`
   * then leaves them out. Otherwise an app without running workers is down.
   */
  workersEnabled?: boolean;
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
  const web = installWeb(app, {
    db: deps.db,
    cfg: deps.cfg ?? config(),
    routers: [
      policyGuard(deps.db),
      notificationsRouter(deps),
      outboxRouter(deps),
      modelerRouter(deps),
      startFormsRouter(deps),
      beredningRouter(deps),
      tasksRouter(deps),
      casesRouter(deps),
      incidentsRouter(deps),
      stuckCasesRouter(deps),
      bokslutRouter(deps),
      styrgruppRouter(deps),
      auditRouter(deps),
    ],
  });
  web.finish(); // 404 + the one error middleware; keep last
  app.locals.close = web.close;
  return app;
}

import path from 'node:path';

import express, { type Express, type Router } from 'express';
import type { Knex } from 'knex';

import type { Config } from '../config.js';
import { currentUser, type SessionUser } from '../middleware/auth.js';
import { ROOT } from '../paths.js';
import { authRouter } from '../routes/auth.js';
import { awaitClientBuild, ensureClientBuild } from './clientBuild.js';
import { errorHandler, notFoundHandler } from './errorHandler.js';
import { installWebSecurity } from './security.js';

export const PUBLIC_DIR = path.join(ROOT, 'src', 'public');

/**
 * The handläggare web UI: security middleware, static assets, login/logout, the feature routers, then 404 and
 * the error middleware. Call `finish()` after all other routers of the app are mounted.
 */
export function installWeb(
  app: Express,
  deps: { db: Knex; cfg: Config; routers: Router[] },
): { finish(): void; close(): Promise<void> } {
  void ensureClientBuild();
  app.use('/static/build', awaitClientBuild);
  app.use(
    '/static',
    express.static(PUBLIC_DIR, { index: false, maxAge: deps.cfg.SAMVERKAN_MODE === 'production' ? '1h' : 0 }),
  );
  const security = installWebSecurity(app, deps.cfg);
  app.use(authRouter(deps));
  app.get('/', (req, res) => res.redirect(homeOf(currentUser(req))));
  for (const r of deps.routers) app.use(r);
  return {
    finish: () => {
      app.use(notFoundHandler);
      app.use(errorHandler);
    },
    close: () => security.close(),
  };
}

/** Each role's start page: handläggare work in the task list, the others in their own part of the app. */
export function homeOf(user: SessionUser | undefined): string {
  switch (user?.role) {
    case undefined:
      return '/login';
    case 'processagare':
      return '/modeler';
    case 'styrgrupp':
    case 'forbundskansli':
    case 'admin':
      return '/styrgrupp';
    case 'logggranskare':
      return '/logg';
    default:
      return '/uppgifter';
  }
}

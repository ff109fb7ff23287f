import { type Request, Router } from 'express';
import type { Knex } from 'knex';

import type { Engine } from '../engine/client.js';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import { stuckOverview } from '../services/stuckCases.js';
import { stuckCasesPage } from '../views/stuckCases.js';
import { pageContext, sendPage } from '../web/render.js';

const user = (req: Request) => currentUser(req) as SessionUser;

/** GET /fastnade-arenden: stuck and overdue cases (styrgrupp: counts; samordnare and admin: also the cases). */
export function stuckCasesRouter(deps: { db: Knex; engine: Engine }): Router {
  const router = Router();
  router.get('/fastnade-arenden', requireLogin, async (req, res) => {
    sendPage(res, stuckCasesPage({ ...pageContext(req, res), ...(await stuckOverview(deps, user(req))) }));
  });
  return router;
}

import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import { caseViewForUser } from '../services/caseView.js';
import { casePage } from '../views/caseView.js';
import { pageContext, sendPage } from '../web/render.js';

const Params = z.object({ caseId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });

/** GET /arenden/:caseId (case view skeleton) and GET /api/cases/:caseId. */
export function casesRouter(deps: { db: Knex }): Router {
  const router = Router();
  router.get('/arenden/:caseId', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const view = await caseViewForUser(deps.db, currentUser(req) as SessionUser, caseId);
    sendPage(res, casePage({ ...pageContext(req, res), view }));
  });
  router.get('/api/cases/:caseId', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const { case: c, consent, consentInForce, events, tasks } = await caseViewForUser(deps.db, currentUser(req) as SessionUser, caseId);
    const { person_id: _p, ...caseFacts } = c;
    res.json({ case: caseFacts, consent: consent ?? null, consentInForce, events, tasks });
  });
  return router;
}

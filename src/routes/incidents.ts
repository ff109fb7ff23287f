import { type Request, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import type { Engine } from '../engine/client.js';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import { incidentOverview, retryCaseIncident, type RetryOutcome } from '../services/incidents.js';
import { workSv } from '../ui/caseworkTexts.sv.js';
import { incidentsPage } from '../views/incidents.js';
import { pageContext, sendPage } from '../web/render.js';

// The incident id is only compared with the engine's answers and sent as a query parameter, never trusted: the
// service checks that the incident belongs to the case's instance.
const RetryParams = z.object({
  caseId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  incidentId: z.string().min(1).max(100),
});
const user = (req: Request) => currentUser(req) as SessionUser;

const FLASH: Record<RetryOutcome, string> = {
  retried: workSv.incidents.retried,
  'already-resolved': workSv.incidents.alreadyResolved,
  'not-allowed': workSv.incidents.notAllowed,
  'engine-unavailable': workSv.incidents.engineUnavailable,
  failed: workSv.incidents.retryFailed,
};

/** POST /arenden/:caseId/incidenter/:incidentId/forsok-igen ("Försök igen" on the case page) and GET /incidenter (samordnare, admin). */
export function incidentsRouter(deps: { db: Knex; engine: Engine }): Router {
  const router = Router();
  router.post('/arenden/:caseId/incidenter/:incidentId/forsok-igen', requireLogin, async (req, res) => {
    const { caseId, incidentId } = RetryParams.parse(req.params);
    const outcome = await retryCaseIncident(deps, user(req), caseId, incidentId);
    req.session.flash = FLASH[outcome];
    res.redirect(303, `/arenden/${caseId}`);
  });
  router.get('/incidenter', requireLogin, async (req, res) => {
    const overview = await incidentOverview(deps, user(req));
    sendPage(res, incidentsPage({ ...pageContext(req, res), ...overview }));
  });
  return router;
}

import { randomUUID } from 'node:crypto';

import { type Request, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import type { Engine } from '../engine/client.js';
import { Conflict, Forbidden, ValidationFailed } from '../errors.js';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import { mayOpenCase } from '../services/caseAccess.js';
import { caseViewForUser, consentWithdrawalFor, withdrawConsentForUser } from '../services/caseView.js';
import { mayRequestExtraMeeting, requestExtraMeetingForUser } from '../services/extraMeetings.js';
import { handoverOfferFor, handOverToTorg } from '../services/handover.js';
import { samverkansplanForUser } from '../services/samverkansplan.js';
import { caseSv } from '../ui/caseViewTexts.sv.js';
import { workSv } from '../ui/caseworkTexts.sv.js';
import { userMessageOf } from '../ui/errorTexts.sv.js';
import { extraMeetingSv } from '../ui/extraMeetingTexts.sv.js';
import { handoverSv } from '../ui/handoverTexts.sv.js';
import { casePage, withdrawConfirmPage } from '../views/caseView.js';
import { samverkansplanPage } from '../views/samverkansplan.js';
import { samverkansplanPdf } from '../views/samverkansplanPdf.js';
import { pageContext, sendPage } from '../web/render.js';

const Params = z.object({ caseId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
const ExtraMeetingBody = z.object({ key: z.string().uuid() });
const HandoverBody = z.object({ targetGroup: z.string().max(64).default('') });
const user = (req: Request) => currentUser(req) as SessionUser;

/**
 * GET /arenden/:caseId (case view), the samverkansplan for the individual (print page and PDF), "Återkalla samtycke"
 * (confirmation + POST), "Begär extra kartläggningsträff" (POST, etablering) and GET /api/cases/:caseId.
 */
export function casesRouter(deps: { db: Knex; engine: Engine }): Router {
  const router = Router();
  router.get('/arenden/:caseId', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const u = user(req);
    const view = await caseViewForUser(deps, u, caseId);
    const extraMeeting =
      view.kind === 'routine' && view.routine.routine === 'etablering' && !view.ended && mayRequestExtraMeeting(u)
        ? { key: randomUUID() }
        : undefined;
    const handover =
      view.kind === 'samverkan' ? ((await handoverOfferFor(deps.db, u, view.case)) ?? undefined) : undefined;
    sendPage(res, casePage({ ...pageContext(req, res), view, extraMeeting, handover }));
  });
  router.post('/arenden/:caseId/overlamna-till-torget', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const body = HandoverBody.safeParse(req.body);
    try {
      const r = await handOverToTorg(deps, user(req), caseId, {
        targetGroup: body.success ? body.data.targetGroup : '',
      });
      req.session.flash = handoverSv.done(r.caseId);
      res.redirect(303, `/arenden/${r.caseId}`);
    } catch (err) {
      // refused for the user or the case's state, or the criteria are not met: said on the case page (NotFound stays a 404)
      if (!(err instanceof Conflict || err instanceof Forbidden || err instanceof ValidationFailed)) throw err;
      req.session.flash = userMessageOf(err) ?? handoverSv.notAllowed;
      res.redirect(303, `/arenden/${caseId}`);
    }
  });
  router.post('/arenden/:caseId/extra-traff', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const body = ExtraMeetingBody.safeParse(req.body);
    try {
      const { repeated } = await requestExtraMeetingForUser(
        deps,
        user(req),
        caseId,
        body.success ? body.data.key : undefined,
      );
      req.session.flash = repeated ? extraMeetingSv.alreadyRequested : extraMeetingSv.requested;
    } catch (err) {
      // refused in the case's state or for the user's organisation: said on the case page (NotFound stays a 404)
      if (!(err instanceof Conflict || err instanceof Forbidden || err instanceof ValidationFailed)) throw err;
      req.session.flash = userMessageOf(err) ?? extraMeetingSv.inProgress;
    }
    res.redirect(303, `/arenden/${caseId}`);
  });
  router.get('/arenden/:caseId/samverkansplan', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const plan = await samverkansplanForUser(deps.db, user(req), caseId, { format: 'html' });
    sendPage(res, samverkansplanPage({ ...pageContext(req, res), caseId, plan }));
  });
  router.get('/arenden/:caseId/samverkansplan.pdf', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const plan = await samverkansplanForUser(deps.db, user(req), caseId, { format: 'pdf' });
    const pdf = await samverkansplanPdf(caseId, plan);
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${caseSv.plan.pdfFile(caseId)}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  });
  router.get('/arenden/:caseId/samtycke/aterkalla', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const may = await consentWithdrawalFor(deps.db, user(req), caseId); // NotFound for those who may not see the case
    if (may !== 'allowed') {
      req.session.flash = may === 'already' ? workSv.caseView.withdrawAlready : workSv.caseView.withdrawNotAllowed;
      return res.redirect(303, `/arenden/${caseId}`);
    }
    sendPage(res, withdrawConfirmPage({ ...pageContext(req, res), caseId }));
  });
  router.post('/arenden/:caseId/samtycke/aterkalla', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const u = user(req);
    await withdrawConsentForUser(deps, u, caseId);
    req.session.flash = workSv.caseView.withdrawn;
    // after the withdrawal only the aktualiserande part still sees the case (sharing stops at once)
    const stillVisible = await mayOpenCase(deps.db, u, caseId);
    res.redirect(303, stillVisible ? `/arenden/${caseId}` : '/uppgifter');
  });
  router.get('/api/cases/:caseId', requireLogin, async (req, res) => {
    const { caseId } = Params.parse(req.params);
    const view = await caseViewForUser(deps, user(req), caseId);
    if (view.kind === 'routine') {
      const { person_id: _p, ...routine } = view.routine;
      return res.json({ routine, events: view.events, tasks: view.tasks, meetings: view.meetings });
    }
    const { person_id: _p, ...caseFacts } = view.case;
    res.json({
      case: caseFacts,
      consent: view.consent ?? null,
      consentInForce: view.consentInForce,
      events: view.events,
      tasks: view.tasks,
      plan: view.plan ?? null,
      meetings: view.meetings,
      followUps: view.followUps,
      decision: view.decision ?? null,
      phases: view.phases,
    });
  });
  return router;
}

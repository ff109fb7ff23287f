import { type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import type { Engine } from '../engine/client.js';
import { Conflict, ValidationFailed } from '../errors.js';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import { agendaForUser, decideOnAgenda } from '../services/beredning.js';
import { workSv as t } from '../ui/caseworkTexts.sv.js';
import { fieldTexts, userMessageOf } from '../ui/errorTexts.sv.js';
import { sv } from '../ui/texts.sv.js';
import { agendaPage, type RowState } from '../views/beredning.js';
import { pageContext, sendPage } from '../web/render.js';

const user = (req: Request) => currentUser(req) as SessionUser;
const groupCode = z.string().regex(/^[a-z-]{2,40}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const AgendaQuery = z.object({
  grupp: groupCode.optional().catch(undefined),
  datum: isoDate.optional().catch(undefined),
});
const DecisionBody = z.object({ grupp: groupCode, datum: isoDate, arende: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
const Decision = z.discriminatedUnion(
  'beslut',
  [
    z.object({
      beslut: z.literal('ja'),
      // which parties under the samtycke the group recommends for the collaboration (seed 003); checked against the samtycke by the service
      parter: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/, 'required'), { error: 'required' }).min(1, 'parties'),
    }),
    z.object({
      beslut: z.literal('nej'),
      motivering: z.string({ error: 'required' }).trim().min(1, 'required').max(1000, 'max:1000'),
      // Often given, never required (seed 000: "ofta en rekommendation till annan insats").
      rekommendation: z
        .string()
        .trim()
        .max(500, 'max:500')
        .optional()
        .transform((s) => (s ? s : undefined)),
    }),
  ],
  { error: 'decision' },
);

function decisionErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) {
    const key = i.path.length ? String(i.path[0]) : 'beslut';
    const max = /^max:(\d+)$/.exec(i.message);
    out[key] ??= max
      ? sv.taskForm.maxLength(Number(max[1]))
      : key === 'beslut'
        ? t.agenda.decisionRequired
        : key === 'parter'
          ? t.agenda.partiesRequired
          : t.start.required;
  }
  return out;
}

// the task form's field keys → the agenda's field names
const FORM_KEYS: Record<string, string> = {
  beredningDecision: 'beslut',
  motivering: 'motivering',
  rekommendation: 'rekommendation',
  recommendedParties: 'parter',
};

/** GET /beredning (agenda per group and meeting date) and POST /beredning/beslut (the decision of one case). */
export function beredningRouter(deps: { db: Knex; engine: Engine }): Router {
  const router = Router();
  const { db, engine } = deps;

  async function render(
    req: Request,
    res: Response,
    q: { groupCode?: string | undefined; meetingDate?: string | undefined },
    rowState?: RowState,
    status = 200,
  ) {
    const agenda = await agendaForUser(db, user(req), {
      ...(q.groupCode ? { groupCode: q.groupCode } : {}),
      ...(q.meetingDate ? { meetingDate: q.meetingDate } : {}),
    });
    sendPage(res, agendaPage({ ...pageContext(req, res), agenda, ...(rowState ? { rowState } : {}) }), status);
  }

  router.get('/beredning', requireLogin, async (req, res) => {
    const q = AgendaQuery.parse(req.query);
    await render(req, res, { groupCode: q.grupp, meetingDate: q.datum });
  });

  router.post('/beredning/beslut', requireLogin, async (req, res) => {
    const target = DecisionBody.parse(req.body);
    const body = req.body as Record<string, unknown>;
    // the row's fields carry the case id as suffix (unique ids on the page)
    const field = (f: string) =>
      typeof body[`${f}-${target.arende}`] === 'string' ? (body[`${f}-${target.arende}`] as string) : undefined;
    const listField = (f: string) => {
      const v = body[`${f}-${target.arende}`];
      return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    };
    const typed = {
      beslut: field('beslut'),
      motivering: field('motivering'),
      rekommendation: field('rekommendation'),
      parter: listField('parter'),
      torget: field('torget'),
    };
    const back = `/beredning?grupp=${encodeURIComponent(target.grupp)}&datum=${target.datum}`;
    const parsed = Decision.safeParse(typed);
    if (!parsed.success)
      return render(
        req,
        res,
        { groupCode: target.grupp, meetingDate: target.datum },
        { caseId: target.arende, values: typed, errors: decisionErrors(parsed.error) },
        422,
      );
    try {
      await decideOnAgenda(db, engine, user(req), {
        groupCode: target.grupp,
        meetingDate: target.datum,
        caseId: target.arende,
        decision: parsed.data.beslut,
        ...(parsed.data.beslut === 'nej'
          ? {
              motivering: parsed.data.motivering,
              rekommendation: parsed.data.rekommendation,
              torgShouldTake: typed.torget === 'on',
            }
          : { recommendedParties: parsed.data.parter }),
      });
    } catch (err) {
      if (err instanceof ValidationFailed) {
        const errors = Object.fromEntries(
          Object.entries(fieldTexts(err.fields)).map(([k, v]) => [FORM_KEYS[k] ?? k, v]),
        );
        return render(
          req,
          res,
          { groupCode: target.grupp, meetingDate: target.datum },
          { caseId: target.arende, values: typed, errors },
          422,
        );
      }
      if (err instanceof Conflict) {
        req.session.flash = userMessageOf(err) ?? sv.errors.conflict;
        return res.redirect(303, back);
      }
      throw err;
    }
    req.session.flash = t.agenda.decided(
      target.arende,
      parsed.data.beslut === 'ja' ? t.agenda.decidedJa : t.agenda.decidedNej,
    );
    res.redirect(303, back);
  });

  return router;
}

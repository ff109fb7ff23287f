import { randomUUID } from 'node:crypto';

import { type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import { mayAktualiseraTo } from '../domain/aktualiseringRights.js';
import { stockholmDateOf } from '../domain/calendar.js';
import { isValidPersonnummer } from '../domain/personnummer.js';
import type { Engine } from '../engine/client.js';
import { Forbidden, NotFound } from '../errors.js';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import {
  CONSENT_PARTIES,
  CONSENT_TEXT_VERSIONS,
  CriteriaNotMet,
  DATA_CATEGORIES,
  isVerksamhet,
  mayAktualisera,
  mayInskriva,
  mayInventera,
  submitAktualisering,
  submitEtablering,
  submitInventering,
  targetGroupsOf,
} from '../services/startForms.js';
import { workSv as t } from '../ui/caseworkTexts.sv.js';
import type { FieldErrors, FormValues } from '../views/formFields.js';
import { aktualiseringPage, etableringPage, inventeringPage, startChooserPage } from '../views/startForms.js';
import { pageContext, sendPage } from '../web/render.js';

const user = (req: Request) => currentUser(req) as SessionUser;

// Zod messages are technical codes; MESSAGES turns them into Swedish text beside the field (STYLE §5).
const MESSAGES: Record<string, string> = {
  required: t.start.required,
  choose_one: t.start.chooseOne,
  at_least_one: t.start.chooseAtLeastOne,
  pnr_format: t.start.pnrFormat,
  pnr_checksum: t.start.pnrChecksum,
  date: t.start.date,
  must_confirm: t.start.mustConfirm,
  valid_to_before_from: t.start.validToBeforeFrom,
  valid_to_past: t.start.validToPast,
  own_org_party: t.start.ownOrgParty,
  date_future: t.start.dateFuture,
  max_2000: t.start.maxLength(2000),
};

const checked = (v: unknown) => v === 'on';
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const isoDate = z
  .string({ error: 'date' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'date',
  );
const confirmed = z.preprocess(checked, z.boolean()).refine((b) => b, 'must_confirm');

const PersonFields = z.object({
  personnummer: z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(
      z
        .string()
        .regex(/^\d{12}$/, 'pnr_format')
        .refine(isValidPersonnummer, 'pnr_checksum'),
    ),
  kon: z.enum(['K', 'M'], { error: 'choose_one' }),
  folkbokfordKommun: z.string({ error: 'choose_one' }).trim().min(1, 'choose_one').max(60),
  skyddad: z.preprocess(checked, z.boolean()),
  idempotencyKey: z.uuid(),
});

const partyCodes = CONSENT_PARTIES.map((o) => o.code) as [string, ...string[]];
const Aktualisering = PersonFields.extend({
  targetGroup: z.string({ error: 'choose_one' }).min(1, 'choose_one'),
  informedOfAim: confirmed,
  readyForChange: confirmed,
  informedOfConsent: confirmed,
  // the referrer's description of the person's needs, for the beredningsgrupp (kept in the app database only)
  needsDescription: z.string({ error: 'required' }).trim().min(1, 'required').max(2000, 'max_2000'),
  previousCaseId: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^SV-\d{4}-\d{5,}$/, 'required')
      .optional(),
  ),
  parties: z.preprocess(asList, z.array(z.enum(partyCodes, { error: 'choose_one' })).min(1, 'at_least_one')),
  dataCategories: z.preprocess(
    asList,
    z.array(z.enum(DATA_CATEGORIES, { error: 'choose_one' })).min(1, 'at_least_one'),
  ),
  validFrom: isoDate,
  validTo: isoDate,
  signedCopyGiven: confirmed,
  textVersion: z.enum(CONSENT_TEXT_VERSIONS, { error: 'choose_one' }),
});
const Etablering = PersonFields.extend({ programmeEndDate: isoDate });

/** Maps zod issues to one Swedish message per field (the first issue wins). */
function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= MESSAGES[issue.message] ?? (issue.code === 'invalid_type' ? t.start.required : t.start.chooseOne);
  }
  return out;
}

/** The submitted body as typed values to render again (never the CSRF token). */
function typedValues(body: unknown): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

const person = (d: z.infer<typeof PersonFields>) => ({
  personnummer: d.personnummer,
  kon: d.kon,
  folkbokfordKommun: d.folkbokfordKommun,
  skyddad: d.skyddad,
});

/** Start forms: /starta, /aktualisera/:verksamhet (with samtycke), /inventering, /inskrivning. */
export function startFormsRouter(deps: { db: Knex; engine: Engine }): Router {
  const router = Router();

  const done = (req: Request, res: Response, r: { caseId: string; repeated: boolean }) => {
    req.session.flash = r.repeated ? t.start.alreadySubmitted(r.caseId) : t.start.created(r.caseId);
    res.redirect(303, `/arenden/${encodeURIComponent(r.caseId)}`);
  };

  router.get('/starta', requireLogin, (req, res) => {
    sendPage(res, startChooserPage({ ...pageContext(req, res), user: user(req) }));
  });

  const verksamhetOf = (req: Request) => {
    const v = String(req.params.verksamhet ?? '');
    if (!isVerksamhet(v)) throw new NotFound(`verksamhet ${v}`);
    return v;
  };

  router.get('/aktualisera/:verksamhet', requireLogin, (req, res) => {
    const verksamhet = verksamhetOf(req);
    if (!mayAktualisera(user(req)) || !mayAktualiseraTo(user(req).orgCode, verksamhet))
      throw new Forbidden(`${user(req).username} may not aktualisera to ${verksamhet}`, t.start.notAllowedTo);
    const values: FormValues = {
      idempotencyKey: randomUUID(),
      validFrom: stockholmDateOf(),
      textVersion: CONSENT_TEXT_VERSIONS[0],
      parties: [user(req).orgCode],
    };
    const previous =
      typeof req.query.tidigare === 'string' && /^SV-\d{4}-\d{5,}$/.test(req.query.tidigare)
        ? req.query.tidigare
        : undefined;
    if (previous) values.previousCaseId = previous;
    sendPage(res, aktualiseringPage({ ...pageContext(req, res), verksamhet, values, errors: {} }));
  });

  router.post('/aktualisera/:verksamhet', requireLogin, async (req, res) => {
    const verksamhet = verksamhetOf(req);
    const u = user(req);
    if (!mayAktualisera(u) || !mayAktualiseraTo(u.orgCode, verksamhet))
      throw new Forbidden(`${u.username} may not aktualisera to ${verksamhet}`, t.start.notAllowedTo);
    const schema = Aktualisering.superRefine((d, ctx) => {
      if (!targetGroupsOf(verksamhet).includes(d.targetGroup))
        ctx.addIssue({ code: 'custom', path: ['targetGroup'], message: 'choose_one' });
      if (d.validTo < d.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'valid_to_before_from' });
      else if (d.validTo < stockholmDateOf())
        ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'valid_to_past' });
      if (!d.parties.includes(u.orgCode)) ctx.addIssue({ code: 'custom', path: ['parties'], message: 'own_org_party' });
    });
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      const values = typedValues(req.body);
      values.idempotencyKey = z.uuid().safeParse(values.idempotencyKey).success ? values.idempotencyKey : randomUUID();
      return sendPage(
        res,
        aktualiseringPage({ ...pageContext(req, res), verksamhet, values, errors: fieldErrors(parsed.error) }),
        422,
      );
    }
    const d = parsed.data;
    let result: Awaited<ReturnType<typeof submitAktualisering>>;
    try {
      result = await submitAktualisering(deps, u, d.idempotencyKey, {
        person: person(d),
        verksamhet,
        targetGroup: d.targetGroup,
        informedOfAim: d.informedOfAim,
        readyForChange: d.readyForChange,
        informedOfConsent: d.informedOfConsent,
        needsDescription: d.needsDescription,
        consent: {
          parties: d.parties,
          dataCategories: d.dataCategories,
          validFrom: d.validFrom,
          validTo: d.validTo,
          signedCopyGiven: d.signedCopyGiven,
          textVersion: d.textVersion,
        },
        ...(d.previousCaseId ? { previousCaseId: d.previousCaseId } : {}),
      });
    } catch (err) {
      if (!(err instanceof CriteriaNotMet)) throw err;
      // Nothing was stored: the same form again, everything typed kept, with the reason.
      return sendPage(
        res,
        aktualiseringPage({
          ...pageContext(req, res),
          verksamhet,
          values: typedValues(req.body),
          errors: {},
          criteriaReason: err.reason,
        }),
        422,
      );
    }
    if (result.routed && !result.repeated) {
      req.session.flash = t.start.createdRouted(
        result.caseId,
        t.verksamheter[result.routed.from] ?? result.routed.from,
        t.verksamheter[result.routed.to] ?? result.routed.to,
      );
      return res.redirect(303, `/arenden/${encodeURIComponent(result.caseId)}`);
    }
    done(req, res, result);
  });

  router.get('/inventering', requireLogin, (req, res) => {
    if (!mayInventera(user(req)))
      throw new Forbidden(`${user(req).username} may not inventera`, t.start.notAllowedInventering);
    sendPage(
      res,
      inventeringPage({
        ...pageContext(req, res),
        values: { idempotencyKey: randomUUID(), folkbokfordKommun: 'Umeå' },
        errors: {},
      }),
    );
  });

  router.post('/inventering', requireLogin, async (req, res) => {
    const u = user(req);
    if (!mayInventera(u)) throw new Forbidden(`${u.username} may not inventera`, t.start.notAllowedInventering);
    const parsed = PersonFields.safeParse(req.body);
    if (!parsed.success) {
      const values = typedValues(req.body);
      values.idempotencyKey = z.uuid().safeParse(values.idempotencyKey).success ? values.idempotencyKey : randomUUID();
      return sendPage(
        res,
        inventeringPage({ ...pageContext(req, res), values, errors: fieldErrors(parsed.error) }),
        422,
      );
    }
    done(req, res, await submitInventering(deps, u, parsed.data.idempotencyKey, { person: person(parsed.data) }));
  });

  router.get('/inskrivning', requireLogin, (req, res) => {
    if (!mayInskriva(user(req)))
      throw new Forbidden(`${user(req).username} may not inskriva`, t.start.notAllowedEtablering);
    sendPage(res, etableringPage({ ...pageContext(req, res), values: { idempotencyKey: randomUUID() }, errors: {} }));
  });

  router.post('/inskrivning', requireLogin, async (req, res) => {
    const u = user(req);
    if (!mayInskriva(u)) throw new Forbidden(`${u.username} may not inskriva`, t.start.notAllowedEtablering);
    const parsed = Etablering.superRefine((d, ctx) => {
      if (d.programmeEndDate < stockholmDateOf())
        ctx.addIssue({ code: 'custom', path: ['programmeEndDate'], message: 'date_future' });
    }).safeParse(req.body);
    if (!parsed.success) {
      const values = typedValues(req.body);
      values.idempotencyKey = z.uuid().safeParse(values.idempotencyKey).success ? values.idempotencyKey : randomUUID();
      return sendPage(
        res,
        etableringPage({ ...pageContext(req, res), values, errors: fieldErrors(parsed.error) }),
        422,
      );
    }
    done(
      req,
      res,
      await submitEtablering(deps, u, parsed.data.idempotencyKey, {
        person: person(parsed.data),
        programmeEndDate: parsed.data.programmeEndDate,
      }),
    );
  });

  return router;
}

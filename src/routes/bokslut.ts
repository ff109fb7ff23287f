import { type Request, Router } from 'express';
import type { Knex } from 'knex';

import { periodOf, ReportPeriodQuery } from '../domain/bokslut.js';
import { ENTERED_INDICATORS, type IndicatorEntry, subgroupsOf } from '../domain/bokslutIndicators.js';
import { stockholmDateOf } from '../domain/calendar.js';
import { ValidationFailed } from '../errors.js';
import { logger } from '../logger.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { bokslutWithProblems, indicatorsFor, loadIndicatorEntries, saveIndicatorEntries } from '../services/bokslut.js';
import { demoYearProgress } from '../services/bokslutDemo.js';
import { bokslutSv as t } from '../ui/bokslutTexts.sv.js';
import {
  bokslutPage,
  bokslutQuery,
  type BokslutSelection,
  entriesToValues,
  entryField,
  surveyPage,
} from '../views/bokslut.js';
import { bokslutCsv, bokslutPdf, bokslutXlsx, finsamCsv } from '../views/bokslutExport.js';
import { pageContext, sendPage } from '../web/render.js';

const Query = ReportPeriodQuery;

function selection(req: Request): BokslutSelection {
  const q = Query.safeParse(req.query);
  if (!q.success) throw new ValidationFailed(q.error.message, {}, t.invalidQuery);
  return q.data;
}

const periodFor = (s: BokslutSelection) => periodOf(s.year, s.period === 'ar' ? undefined : s.period);
const fileName = (s: BokslutSelection, stem: string, ext: string) =>
  `${stem}-${s.year}${s.period === 'ar' ? '' : `-${s.period}`}.${ext}`;
const CSV_TYPE = 'text/csv; charset=utf-8';

/** Roles that see the case numbers of inconsistent cases and enter survey results (the förbundskansli's work). */
const KANSLI_ROLES = ['forbundskansli', 'admin'] as const;
const isKansli = (req: Request) => (KANSLI_ROLES as readonly string[]).includes(currentUser(req)?.role ?? '');

const WHOLE = /^\d{1,9}$/;
const DECIMAL = /^[+-−]?\d{1,3}([.,]\d)?$/;

/**
 * Reads the survey form: every entered indicator's fields, with a Swedish message per bad field. Nothing is saved
 * unless every field is valid; the values typed are handed back as they were.
 */
function parseSurveyForm(body: Record<string, unknown>): {
  entries: IndicatorEntry[];
  values: Record<string, string>;
  errors: Record<string, string>;
} {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const entries: IndicatorEntry[] = [];
  const read = (name: string) => {
    const raw = body[name];
    const v = typeof raw === 'string' ? raw.trim() : '';
    if (v) values[name] = v;
    return v;
  };
  const whole = (name: string): number | null => {
    const v = read(name);
    if (!v) return null;
    if (!WHOLE.test(v)) {
      errors[name] = t.survey.errors.whole;
      return null;
    }
    return Number(v);
  };
  for (const def of ENTERED_INDICATORS) {
    for (const sub of subgroupsOf(def)) {
      if (def.kind === 'forandring') {
        const name = entryField(def.id, sub, 'v');
        const v = read(name);
        if (v && !DECIMAL.test(v)) errors[name] = t.survey.errors.decimal;
        const value = v && !errors[name] ? Number(v.replace(',', '.').replace('−', '-')) : null;
        entries.push({ indicatorId: def.id, subgroup: sub, numerator: null, denominator: null, value });
        continue;
      }
      const n = entryField(def.id, sub, 'n');
      const numerator = whole(n);
      if (def.kind === 'antal') {
        entries.push({ indicatorId: def.id, subgroup: sub, numerator, denominator: null, value: null });
        continue;
      }
      const d = entryField(def.id, sub, 'd');
      const denominator = whole(d);
      if (!errors[n] && !errors[d]) {
        if ((numerator === null) !== (denominator === null)) errors[numerator === null ? n : d] = t.survey.errors.pair;
        else if (numerator !== null && denominator !== null && numerator > denominator)
          errors[n] = t.survey.errors.exceeds;
      }
      entries.push({ indicatorId: def.id, subgroup: sub, numerator, denominator, value: null });
    }
  }
  return { entries, values, errors };
}

/**
 * The socialt bokslut for the styrgrupp and förbundskansli: the page, its XLSX/PDF/CSV exports, the masked
 * Uppföljning Finsam export and the entry of survey results. Aggregates only: case numbers appear only in the list
 * of inconsistent cases, and only for the förbundskansli.
 */
export function bokslutRouter(deps: { db: Knex }): Router {
  const router = Router();
  const guard = requireRole('styrgrupp', 'forbundskansli', 'admin');
  const kansliGuard = requireRole(...KANSLI_ROLES);

  const load = async (s: BokslutSelection) => {
    const { report, excluded } = await bokslutWithProblems(deps.db, periodFor(s));
    if (excluded.length)
      logger.warn(
        { period: report.period.label, cases: [...new Set(excluded.map((p) => p.where))] },
        'bokslut: inconsistent cases left out',
      );
    return { report, excluded, indicators: await indicatorsFor(deps.db, report, s) };
  };

  router.get('/styrgrupp/bokslut', guard, async (req, res) => {
    const s = selection(req);
    const [data, demo] = await Promise.all([load(s), demoYearProgress(deps.db)]);
    sendPage(res, bokslutPage(pageContext(req, res), { selection: s, ...data, showCases: isKansli(req), demo }));
  });

  router.get('/styrgrupp/bokslut.xlsx', guard, async (req, res) => {
    const s = selection(req);
    const { report, indicators } = await load(s);
    res
      .attachment(fileName(s, 'socialt-bokslut', 'xlsx'))
      .type('xlsx')
      .send(await bokslutXlsx(report, indicators));
  });

  router.get('/styrgrupp/bokslut.pdf', guard, async (req, res) => {
    const s = selection(req);
    const { report, indicators } = await load(s);
    res
      .attachment(fileName(s, 'socialt-bokslut', 'pdf'))
      .type('pdf')
      .send(await bokslutPdf(report, indicators, { generatedOn: stockholmDateOf() }));
  });

  router.get('/styrgrupp/bokslut.csv', guard, async (req, res) => {
    const s = selection(req);
    const { report } = await bokslutWithProblems(deps.db, periodFor(s));
    res
      .attachment(fileName(s, 'socialt-bokslut', 'csv'))
      .type(CSV_TYPE)
      .send(bokslutCsv(report));
  });

  router.get('/styrgrupp/finsam.csv', guard, async (req, res) => {
    const s = selection(req);
    const { report } = await bokslutWithProblems(deps.db, periodFor(s));
    res
      .attachment(fileName(s, 'uppfoljning-finsam', 'csv'))
      .type(CSV_TYPE)
      .send(finsamCsv(report));
  });

  router.get('/styrgrupp/bokslut/enkater', guard, async (req, res) => {
    const s = selection(req);
    const values = entriesToValues(await loadIndicatorEntries(deps.db, s));
    sendPage(res, surveyPage(pageContext(req, res), { selection: s, values, errors: {}, canEdit: isKansli(req) }));
  });

  router.post('/styrgrupp/bokslut/enkater', kansliGuard, async (req, res) => {
    const s = selection(req);
    const { entries, values, errors } = parseSurveyForm((req.body ?? {}) as Record<string, unknown>);
    if (Object.keys(errors).length) {
      sendPage(res, surveyPage(pageContext(req, res), { selection: s, values, errors, canEdit: true }), 422);
      return;
    }
    // Saving replaces the period's results as a whole, so a double submit stores the same values once.
    await saveIndicatorEntries(deps.db, s, entries, currentUser(req)!.username);
    req.session.flash = t.survey.saved;
    res.redirect(303, `/styrgrupp/bokslut/enkater${bokslutQuery(s)}`);
  });

  return router;
}

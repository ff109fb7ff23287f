import { type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import type { Engine } from '../engine/client.js';
import { ValidationFailed } from '../errors.js';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import { errorsById, type FormSchema, valueFields } from '../services/taskForms.js';
import {
  assignTask,
  claimTask,
  type CompleteResult,
  completeTask,
  listMyCasesForUser,
  listTasksForUser,
  openTask,
  TASK_ID_PATTERN,
  taskFilterOptions,
  unclaimTask,
} from '../services/tasks.js';
import { fieldTexts, userMessageOf } from '../ui/errorTexts.sv.js';
import { sv } from '../ui/texts.sv.js';
import { myCasesPage, taskListPage, taskPage } from '../views/tasks.js';
import { pageContext, sendPage } from '../web/render.js';

const Sort = z.enum(['due_asc', 'due_desc', 'created_desc', 'created_asc']).catch('due_asc');
const Status = z.enum(['open', 'completed', 'cancelled']).catch('open');
const optionalText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((s) => (s ? s : undefined));
const page = z.coerce.number().int().min(1).max(10_000).catch(1);

const HtmlListQuery = z.object({
  vy: z.enum(['mine', 'group', 'arenden']).catch('group'),
  sortering: Sort.default('due_asc'),
  status: Status.default('open'),
  process: optionalText,
  verksamhet: optionalText,
  arende: optionalText,
  sida: page.default(1),
});
const ApiListQuery = z.object({
  view: z.enum(['mine', 'group']).catch('group').default('group'),
  sort: Sort.default('due_asc'),
  status: Status.default('open'),
  process: optionalText,
  verksamhet: optionalText,
  caseId: optionalText,
  page: page.default(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(50).default(50),
});
const TaskIdParams = z.object({ taskId: z.string().regex(TASK_ID_PATTERN) });
const AssignBody = z.object({ assignee: z.string().trim().max(200).catch('') });
/** Set by the task page's buttons: after the action the user stays on the task. */
const BackBody = z.object({ tillbaka: z.literal('uppgift').optional().catch(undefined) });

const PAGE_SIZE = 25;
// listing one state lets the partial indexes (where state = 'open') apply
const statesOf = (s: 'open' | 'completed' | 'cancelled') => [s] as const;
const user = (req: Request) => currentUser(req) as SessionUser;

function parseVariables(raw: unknown): Record<string, unknown> {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string' || raw === '') return {};
  try {
    const v = JSON.parse(raw) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const optionSources = (form: FormSchema | undefined, values: Record<string, unknown>) =>
  Object.fromEntries(
    (form ? valueFields(form) : []).flatMap((c) => (c.valuesKey ? [[c.valuesKey, values[c.valuesKey]]] : [])),
  );

/** Data the server adds to a form for the browser only (never submitted): the plan form's ärendebärare proposals. */
const serverData = (values: Record<string, unknown>) =>
  values.arendebarareProposals ? { arendebarareProposals: values.arendebarareProposals } : {};

const labels = (form: FormSchema | undefined) =>
  Object.fromEntries((form ? valueFields(form) : []).map((c) => [c.key!, c.label ?? c.key!]));

/** /uppgifter (HTML) and /api/tasks (JSON): list, open, claim, unclaim, assign, complete. */
export function tasksRouter(deps: { db: Knex; engine: Engine }): Router {
  const router = Router();
  const { db, engine } = deps;

  async function renderTask(
    req: Request,
    res: Response,
    taskId: string,
    extra: {
      status?: number;
      values?: Record<string, unknown>;
      errors?: Record<string, string>;
      message?: string;
    } = {},
  ) {
    const { task, form, values, colleagues, assigneeName } = await openTask(db, engine, user(req), taskId);
    const errors = extra.errors ?? {};
    const message = extra.message ?? (task.state !== 'open' ? sv.taskForm.alreadyDone : undefined);
    sendPage(
      res,
      taskPage({
        ...pageContext(req, res),
        task,
        assigneeName,
        form,
        formMissing: Boolean(task.form_id && !form),
        // a re-shown form keeps what was typed; its option lists (valuesKey) are not submitted, so they come from the
        // task, and so do the plan form's ärendebärare proposals
        values: extra.values ? { ...optionSources(form, values), ...serverData(values), ...extra.values } : values,
        errors,
        errorsById: form ? errorsById(form, errors) : {},
        fieldLabels: labels(form),
        colleagues,
        message,
      }),
      extra.status ?? 200,
    );
  }

  router.get('/uppgifter', requireLogin, async (req, res) => {
    const q = HtmlListQuery.parse(req.query);
    if (q.vy === 'arenden') {
      const result = await listMyCasesForUser(db, user(req), { caseId: q.arende, page: q.sida, pageSize: PAGE_SIZE });
      return sendPage(
        res,
        myCasesPage({
          ...pageContext(req, res),
          filters: { view: 'cases', sort: q.sortering, status: q.status, arende: q.arende },
          result,
        }),
      );
    }
    const filters = {
      view: q.vy,
      sort: q.sortering,
      status: q.status,
      process: q.process,
      verksamhet: q.verksamhet,
      arende: q.arende,
    };
    const [result, options] = await Promise.all([
      listTasksForUser(db, user(req), {
        view: q.vy,
        sort: q.sortering,
        states: [...statesOf(q.status)],
        bpmnProcessId: q.process,
        verksamhet: q.verksamhet,
        caseId: q.arende,
        page: q.sida,
        pageSize: PAGE_SIZE,
      }),
      taskFilterOptions(db, user(req)),
    ]);
    sendPage(res, taskListPage({ ...pageContext(req, res), filters, result, options }));
  });

  router.get('/uppgifter/:taskId', requireLogin, async (req, res) => {
    const { taskId } = TaskIdParams.parse(req.params);
    await renderTask(req, res, taskId);
  });

  router.post('/uppgifter/:taskId', requireLogin, async (req, res) => {
    const { taskId } = TaskIdParams.parse(req.params);
    const submitted = parseVariables((req.body as Record<string, unknown>)?.variables);
    const result: CompleteResult = await completeTask(db, engine, user(req), taskId, submitted);
    if (result.outcome === 'completed') {
      req.session.flash = sv.taskForm.completed;
      return res.redirect(303, '/uppgifter');
    }
    if (result.outcome === 'invalid')
      return renderTask(req, res, taskId, { status: 422, values: result.submitted, errors: fieldTexts(result.errors) });
    return renderTask(req, res, taskId, { status: 409, message: sv.taskForm.alreadyDone });
  });

  // Back to the task when the task page sent the action (its hidden field, or the Referer when a browser sends one).
  const backTo = (req: Request, taskId: string) => {
    const referer = req.get('referer');
    const fromTaskPage =
      BackBody.parse(req.body ?? {}).tillbaka === 'uppgift' ||
      (typeof referer === 'string' && new URL(referer, 'http://x').pathname === `/uppgifter/${taskId}`);
    return fromTaskPage ? `/uppgifter/${taskId}` : '/uppgifter';
  };
  const action = (path: string, run: (req: Request, taskId: string) => Promise<string>) =>
    router.post(`/uppgifter/:taskId/${path}`, requireLogin, async (req, res) => {
      const { taskId } = TaskIdParams.parse(req.params);
      try {
        req.session.flash = await run(req, taskId);
      } catch (err) {
        // a colleague not chosen (or not in the task's groups): the task page again, with the reason
        if (err instanceof ValidationFailed && path === 'tilldela')
          return renderTask(req, res, taskId, { status: 422, message: userMessageOf(err) ?? sv.tasks.notColleague });
        throw err;
      }
      res.redirect(303, backTo(req, taskId));
    });
  action('ta', async (req, taskId) => (await claimTask(db, engine, user(req), taskId), sv.tasks.claimed));
  action('lamna', async (req, taskId) => (await unclaimTask(db, engine, user(req), taskId), sv.tasks.unclaimed));
  action('tilldela', async (req, taskId) =>
    sv.tasks.assigned(
      (await assignTask(db, engine, user(req), taskId, AssignBody.parse(req.body ?? {}).assignee)).displayName,
    ),
  );

  // JSON API (same filters). State-changing calls need the X-CSRF-Token header (GET /api/csrf-token).
  router.get('/api/csrf-token', requireLogin, (_req, res) => {
    res.json({ token: res.locals.csrfToken as string });
  });
  router.get('/api/tasks', requireLogin, async (req, res) => {
    const q = ApiListQuery.parse(req.query);
    res.json(
      await listTasksForUser(db, user(req), {
        view: q.view,
        sort: q.sort,
        states: [...statesOf(q.status)],
        bpmnProcessId: q.process,
        verksamhet: q.verksamhet,
        caseId: q.caseId,
        page: q.page,
        pageSize: q.pageSize,
      }),
    );
  });
  router.get('/api/tasks/:taskId', requireLogin, async (req, res) => {
    const { taskId } = TaskIdParams.parse(req.params);
    const { task, form } = await openTask(db, engine, user(req), taskId);
    res.json({ task, form: form ?? null });
  });
  router.post('/api/tasks/:taskId/claim', requireLogin, async (req, res) => {
    await claimTask(db, engine, user(req), TaskIdParams.parse(req.params).taskId);
    res.json({ ok: true });
  });
  router.post('/api/tasks/:taskId/unclaim', requireLogin, async (req, res) => {
    await unclaimTask(db, engine, user(req), TaskIdParams.parse(req.params).taskId);
    res.json({ ok: true });
  });
  router.post('/api/tasks/:taskId/assign', requireLogin, async (req, res) => {
    await assignTask(
      db,
      engine,
      user(req),
      TaskIdParams.parse(req.params).taskId,
      AssignBody.parse(req.body ?? {}).assignee,
    );
    res.json({ ok: true });
  });
  router.post('/api/tasks/:taskId/complete', requireLogin, async (req, res) => {
    const { taskId } = TaskIdParams.parse(req.params);
    const result = await completeTask(
      db,
      engine,
      user(req),
      taskId,
      parseVariables((req.body as Record<string, unknown>)?.variables),
    );
    if (result.outcome === 'completed') return res.json({ ok: true });
    if (result.outcome === 'invalid')
      return res.status(422).json({ error: sv.errors.validation, fields: fieldTexts(result.errors) });
    res.status(409).json({ error: sv.taskForm.alreadyDone });
  });
  return router;
}

import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

import { isUnavailable } from '../engine/client.js';
import { AppError, ValidationFailed } from '../errors.js';
import { logger } from '../logger.js';
import { fieldTexts, userMessageOf } from '../ui/errorTexts.sv.js';
import { sv } from '../ui/texts.sv.js';
import { messagePage } from '../views/layout.js';
import { pageContext, sendPage, wantsJson } from './render.js';

const TITLES: Record<number, [string, string]> = {
  403: [sv.errors.forbiddenTitle, sv.errors.forbidden],
  404: [sv.errors.notFoundTitle, sv.errors.notFound],
  409: [sv.errors.conflictTitle, sv.errors.conflict],
  422: [sv.errors.validationTitle, sv.errors.validation],
};

function respond(
  req: Request,
  res: Response,
  status: number,
  title: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  if (res.headersSent) return;
  if (wantsJson(req)) {
    res.status(status).json({ error: message, ...extra });
    return;
  }
  let ctx;
  try {
    ctx = pageContext(req, res, { takeFlash: false });
  } catch {
    ctx = {}; // e.g. the CSRF cookie could not be generated; render without a token
  }
  sendPage(res, messagePage({ ...ctx, title, message }), status);
}

// connection refused/reset, and PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now, connection_failure
const DB_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** 404 for unmatched routes. */
export function notFoundHandler(req: Request, res: Response): void {
  respond(req, res, 404, sv.errors.notFoundTitle, sv.errors.notFound);
}

/** The one error middleware: AppError subclasses → status + Swedish page/JSON; anything else is logged → 500 (no stack). */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof AppError) {
    const [title, fallback] = TITLES[err.status] ?? [sv.errors.serverTitle, sv.errors.server];
    const extra = err instanceof ValidationFailed ? { fields: fieldTexts(err.fields) } : {};
    respond(req, res, err.status, title, userMessageOf(err) ?? fallback, extra);
    return;
  }
  // the engine is unreachable or has lost its database: a temporary outage the client may retry (503)
  if (isUnavailable(err)) {
    logger.warn({ err: (err as Error).message, method: req.method, path: req.path }, 'engine unavailable');
    res.setHeader('Retry-After', '5');
    respond(req, res, 503, sv.errors.serverTitle, sv.errors.engineUnavailable);
    return;
  }
  const e = err as { code?: string; status?: number; type?: string; message?: string };
  if (e?.code === 'EBADCSRFTOKEN') {
    respond(req, res, 403, sv.errors.csrfTitle, sv.errors.csrf);
    return;
  }
  if (err instanceof z.ZodError) {
    respond(req, res, 400, sv.errors.validationTitle, sv.errors.validation);
    return;
  }
  if (e?.type === 'entity.parse.failed' || e?.type === 'entity.too.large') {
    respond(req, res, e.status ?? 400, sv.errors.validationTitle, sv.errors.validation);
    return;
  }
  // http-errors from middleware (express.static's 404, a malformed %-escape in a path: 400, ...): client errors, no 500
  const clientStatus = (err as { statusCode?: number })?.statusCode ?? e?.status;
  if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
    const [title, message] = TITLES[clientStatus] ?? [sv.errors.validationTitle, sv.errors.validation];
    respond(req, res, clientStatus, title, message);
    return;
  }
  // the client closed the connection before the answer (a browser tab closed, a load generator stopping): nobody to
  // answer and nothing wrong on our side
  if (req.destroyed && e?.message === 'aborted') {
    logger.info({ method: req.method, path: req.path }, 'client closed the connection before the answer');
    return;
  }
  // the database is unreachable or restarting: a temporary outage the client may retry (503), not a bug (500)
  if (
    DB_UNAVAILABLE.has(String(e?.code)) ||
    /Connection terminated|timeout exceeded when trying to connect|Knex: Timeout acquiring a connection/.test(
      e?.message ?? '',
    )
  ) {
    logger.warn({ err: e?.message, method: req.method, path: req.path }, 'database unavailable');
    res.setHeader('Retry-After', '5');
    respond(req, res, 503, sv.errors.serverTitle, sv.errors.server);
    return;
  }
  logger.error({ err: e?.message ?? String(err), method: req.method, path: req.path }, 'unhandled error');
  respond(req, res, 500, sv.errors.serverTitle, sv.errors.server);
}

import type { Request, Response } from 'express';

import { currentUser } from '../middleware/auth.js';
import type { SafeHtml } from '../views/html.js';
import type { PageContext } from '../views/layout.js';
import { takeFlash } from './flash.js';

/**
 * The view context of a request: user, CSRF token, path and the one-shot flash message (./flash.ts: only the page a
 * redirect was sent to shows it). Error pages pass `{ takeFlash: false }` and leave a waiting message alone.
 */
export function pageContext(
  req: Request,
  res: Response,
  { takeFlash: take = true }: { takeFlash?: boolean } = {},
): PageContext {
  const flash = take ? takeFlash(res) : undefined;
  return {
    user: currentUser(req),
    csrfToken: res.locals.csrfToken as string | undefined,
    path: req.path,
    flash,
    unreadNotifications: res.locals.unreadNotifications as number | undefined,
  };
}

/** Sends a rendered page. */
export function sendPage(res: Response, page: SafeHtml, status = 200): void {
  res.status(status).type('html').send(page.value);
}

/** True when the client wants JSON (API paths or Accept: application/json). */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

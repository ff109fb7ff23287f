import type { Request, Response } from 'express';
import { currentUser } from '../middleware/auth.js';
import type { SafeHtml } from '../views/html.js';
import type { PageContext } from '../views/layout.js';

/** The view context of a request: user, CSRF token, path and the one-shot flash message. */
export function pageContext(req: Request, res: Response): PageContext {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  return { user: currentUser(req), csrfToken: res.locals.csrfToken as string | undefined, path: req.path, flash, unreadNotifications: res.locals.unreadNotifications as number | undefined };
}

/** Sends a rendered page. */
export function sendPage(res: Response, page: SafeHtml, status = 200): void {
  res.status(status).type('html').send(page.value);
}

/** True when the client wants JSON (API paths or Accept: application/json). */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}
